/** Turns an `apis` row (+ its rules and decrypted secrets) into the in-memory TenantApi. */
import { createSecretKey } from "node:crypto";
import { STREAM_SECONDS } from "@tollbooth/contract";
import { checkUpstreamUrlShape } from "@tollbooth/upstream-guard";
import { corsPolicy } from "../http/cors";
import {
  compileRules,
  type DefaultRouteKind,
  defaultRule,
  type PricingRuleRow,
} from "../pricing/price-route";
import { RouteDocsShelf } from "./route-docs-shelf";
import type { TenantApi } from "./tenant-config";

/** The columns of an `apis` row the gateway reads: TenantApi's own fields, as stored. */
export type ApiRow = Pick<
  TenantApi,
  | "id"
  | "tenantId"
  | "slug"
  | "name"
  | "description"
  | "published"
  | "status"
  | "upstreamBaseUrl"
  | "allowPrivateUpstream"
  | "tokenValiditySeconds"
  | "freeTierCalls"
  | "freeTierWindowSeconds"
  | "lightningConnectionId"
> & {
  upstreamSecretHeader: string | null;
  defaultKind: DefaultRouteKind;
  defaultPriceSats: number;
  defaultCallsPerToken: number;
  /** `apis.strict_path_matching`; absent = false (case and one trailing slash ignored). */
  strictPathMatching?: boolean;
  /** `apis.allowed_origins`; absent or empty = any origin. */
  allowedOrigins?: string[];
  /** The origin signing secret, already opened by the loader; absent or null = signing off. */
  originSigningSecret?: string | null;
  /** `apis.max_stream_seconds`, validated by the loader; absent = the default. */
  maxStreamSeconds?: number;
};

export function buildTenantApi(
  row: ApiRow,
  rules: PricingRuleRow[],
  secretValue: string | null,
  operatorAllowsPrivate: boolean,
  secretRefusal: string | null = null,
  routeDocs: RouteDocsShelf = new RouteDocsShelf(),
): TenantApi {
  const allowPrivate = operatorAllowsPrivate || row.allowPrivateUpstream;
  const check = checkUpstreamUrlShape(row.upstreamBaseUrl, { allowPrivate });
  let origin = "http://invalid.invalid";
  let basePath = "";
  let host = "invalid.invalid";
  if (check.ok) {
    origin = check.url.origin;
    host = check.url.host;
    basePath = check.url.pathname.replace(/\/+$/, "");
  }
  return {
    id: row.id,
    tenantId: row.tenantId,
    slug: row.slug,
    name: row.name,
    description: row.description,
    published: row.published,
    status: row.status,
    upstreamBaseUrl: row.upstreamBaseUrl,
    upstreamOrigin: origin,
    upstreamBasePath: basePath,
    upstreamHost: host,
    upstreamRefusal: check.ok ? null : check.code,
    allowPrivateUpstream: allowPrivate,
    // A refused secret is not carried at all: nothing to send even if a caller forgot the check.
    secretHeader: secretRefusal ? null : (row.upstreamSecretHeader?.toLowerCase() ?? null),
    secretValue: secretRefusal ? null : secretValue,
    secretRefusal,
    originSigningKey: row.originSigningSecret
      ? createSecretKey(Buffer.from(row.originSigningSecret, "utf8"))
      : null,
    maxStreamMs: (row.maxStreamSeconds ?? STREAM_SECONDS.default) * 1000,
    tokenValiditySeconds: row.tokenValiditySeconds,
    freeTierCalls: row.freeTierCalls,
    freeTierWindowSeconds: row.freeTierWindowSeconds,
    lightningConnectionId: row.lightningConnectionId,
    strictPaths: row.strictPathMatching ?? false,
    rules: compileRules(rules, row.strictPathMatching ?? false),
    defaultRoute: defaultRule(row.defaultKind, row.defaultPriceSats, row.defaultCallsPerToken),
    cors: corsPolicy(row.allowedOrigins),
    routeDocs,
  };
}
