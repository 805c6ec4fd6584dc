/** Turns an `apis` row (+ its rules and decrypted secrets) into the in-memory TenantApi. */
import { createSecretKey } from "node:crypto";
import { checkHealthPath, STREAM_SECONDS } from "@tollbooth/contract";
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
  /** `apis.health_path`; absent or null = chosen from the rules (healthPathFor). */
  healthPath?: string | null;
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
    healthPath: basePath + healthPathFor(row.healthPath ?? null, rules),
    routeDocs,
  };
}

/**
 * The path a health check asks for, under the upstream base path: the provider's health path;
 * else the first free route a GET reaches that is one plain path (no `:name`, no `*`), since
 * checking it costs nobody anything; else the base URL itself (""). A stored health path that no
 * longer passes the rule (a row written around the web app) is ignored, never dialled.
 */
export function healthPathFor(stored: string | null, rules: readonly PricingRuleRow[]): string {
  if (stored !== null && checkHealthPath(stored).ok) return stored;
  const free = [...rules]
    .sort((a, b) => a.position - b.position)
    .find(
      (r) =>
        r.kind === "free" && (r.method === "GET" || r.method === "*") && checkHealthPath(r.pathPattern).ok,
    );
  return free?.pathPattern ?? "";
}
