import { readRouteDocs } from "@tollbooth/contract";
import { apiLifecycle } from "../../lib/api-lifecycle";
import { gatewayUrlsFor } from "../../lib/gateway-urls";
import { gatewayAddressConfig } from "../env";

/** What a pricing rule sells, as the dashboard and the OpenAPI import show it. */
export type RuleTerms = Pick<
  PricingRuleView,
  "method" | "pathPattern" | "kind" | "priceSats" | "callsPerToken" | "passSeconds"
>;

/** What the dashboard may see of an API: never the secret, only whether one is set. */
export interface PricingRuleView {
  id: string;
  position: number;
  method: string;
  pathPattern: string;
  kind: "free" | "per_call" | "time_pass";
  priceSats: number;
  callsPerToken: number;
  passSeconds: number | null;
  /** `pricing_rules.docs` as stored (JSONB); shown through readRouteDocs. */
  docs?: unknown;
}

interface ApiRow {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  description: string;
  category: string;
  upstreamBaseUrl: string;
  upstreamSecretHeader: string | null;
  upstreamSecretCipher: Uint8Array | null;
  originSigningCipher: Uint8Array | null;
  maxStreamSeconds: number;
  allowPrivateUpstream: boolean;
  published: boolean;
  status: string;
  archivedAt: Date | null;
  defaultKind: "refuse" | "free" | "per_call";
  defaultPriceSats: number;
  defaultCallsPerToken: number;
  tokenValiditySeconds: number;
  freeTierCalls: number;
  freeTierWindowSeconds: number;
  lightningConnectionId: string | null;
  strictPathMatching: boolean;
  allowedOrigins: string[];
  healthPath?: string | null;
  createdAt: Date;
  updatedAt: Date;
  pricingRules?: PricingRuleView[];
}

export const MASKED_SECRET = "••••••••••••";

export function toApiView(api: ApiRow) {
  return {
    id: api.id,
    tenantId: api.tenantId,
    slug: api.slug,
    name: api.name,
    description: api.description,
    category: api.category,
    upstreamBaseUrl: api.upstreamBaseUrl,
    upstreamSecretHeader: api.upstreamSecretHeader,
    upstreamSecretMasked: api.upstreamSecretCipher ? MASKED_SECRET : null,
    /** Whether forwarded requests are signed; the secret itself is shown once, never here. */
    originSigning: api.originSigningCipher !== null,
    maxStreamSeconds: api.maxStreamSeconds,
    allowPrivateUpstream: api.allowPrivateUpstream,
    published: api.published,
    status: api.status,
    lifecycle: apiLifecycle(api),
    /** What a path no rule matches costs ("refuse": 404, never charged or proxied). */
    defaultRoute: {
      kind: api.defaultKind,
      priceSats: api.defaultKind === "per_call" ? api.defaultPriceSats : 0,
      callsPerToken: api.defaultCallsPerToken,
    },
    tokenValiditySeconds: api.tokenValiditySeconds,
    freeTierCalls: api.freeTierCalls,
    freeTierWindowSeconds: api.freeTierWindowSeconds,
    lightningConnectionId: api.lightningConnectionId,
    strictPathMatching: api.strictPathMatching,
    allowedOrigins: api.allowedOrigins,
    /** The provider's health route; null = the gateway checks a free route or the base URL. */
    healthPath: api.healthPath ?? null,
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
    gatewayUrls: gatewayUrlsFor(api.slug, gatewayAddressConfig()),
    pricingRules: (api.pricingRules ?? [])
      .slice()
      .sort((a, b) => a.position - b.position)
      .map((r) => ({
        id: r.id,
        position: r.position,
        method: r.method,
        pathPattern: r.pathPattern,
        kind: r.kind,
        priceSats: r.priceSats,
        callsPerToken: r.callsPerToken,
        passSeconds: r.passSeconds,
        docs: readRouteDocs(r.docs),
      })),
  };
}

export type ApiView = ReturnType<typeof toApiView>;
