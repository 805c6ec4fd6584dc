/**
 * The gateway's in-memory picture of every tenant API, rebuilt from Postgres on every change and
 * swapped in whole, so a request always sees one consistent version.
 */
import type { KeyObject } from "node:crypto";
import type { WalletKind } from "@tollbooth/contract";
import type { CorsPolicy } from "../http/cors";
import type { RoutePrice } from "../pricing/price-route";
import type { RouteDocsShelf } from "./route-docs-shelf";

export interface TenantApi {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  description: string;
  /** False while the API is a draft (never published, or unpublished): answered 503, never sold. */
  published: boolean;
  status: "active" | "paused" | "disabled";
  upstreamBaseUrl: string;
  /** origin (scheme://host:port) of the upstream; one connection pool per origin. */
  upstreamOrigin: string;
  /** The base URL's path without a trailing slash ("" or "/v1"), prefixed to every request path. */
  upstreamBasePath: string;
  upstreamHost: string;
  /** Why the upstream is refused (SSRF guard), or null when it may be dialled. */
  upstreamRefusal: string | null;
  allowPrivateUpstream: boolean;
  secretHeader: string | null;
  secretValue: string | null;
  /**
   * Why the upstream secret cannot be used ("secret_unopenable": it does not open for this
   * upstream origin; "secret_header_forbidden"; "signing_secret_unopenable": the origin signing
   * secret does not open), or null. Such an API answers 503 and proxies nothing.
   */
  secretRefusal: string | null;
  /**
   * The origin signing secret as an HMAC key, made once per config load (never unsealed per
   * request); null = the API's requests go upstream unsigned (proxy/origin-signer.ts).
   */
  originSigningKey: KeyObject | null;
  /** The longest a streamed (SSE) response may run, in ms; then the gateway ends it cleanly. */
  maxStreamMs: number;
  tokenValiditySeconds: number;
  freeTierCalls: number;
  freeTierWindowSeconds: number;
  lightningConnectionId: string | null;
  /** Rules compiled for this mode: true = paths compared exactly (case, trailing slash). */
  strictPaths: boolean;
  rules: RoutePrice[];
  /** What a path no rule matches costs; null = refused with 404 `route_not_found`. */
  defaultRoute: RoutePrice | null;
  /** Which browser origins may call it (http/cors.ts). */
  cors: CorsPolicy;
  /**
   * What a health check asks the upstream for: the forward path (base path included, "" = the
   * base URL itself) from `apis.health_path` or the rules (config/build-tenant-api.ts healthPathFor).
   */
  healthPath: string;
  /**
   * Route docs by the rule's scope key (method + pattern), for the discovery documents only
   * (http/discovery.ts, http/openapi.ts), parsed when first asked for; the paid path never reads them.
   */
  routeDocs: RouteDocsShelf;
}

/**
 * A slug an API left, held for its tenant until `expiresAt` (ms since epoch; checked per request,
 * since no config change happens when it lapses): `movedTo` is the API's current slug (308), or
 * null when the API was deleted (410).
 */
export interface SlugReservationConfig {
  slug: string;
  movedTo: string | null;
  expiresAt: number;
}

export interface NodeConnectionConfig {
  id: string;
  tenantId: string;
  kind: WalletKind;
  socket: string;
  tlsCert: string | null;
  macaroon: string;
  settleIndex: bigint;
}

export interface GatewayConfig {
  apis: Map<string, TenantApi>;
  connections: Map<string, NodeConnectionConfig>;
  /** Slugs of renamed and deleted APIs during their grace period, by old slug. */
  reservations: Map<string, SlugReservationConfig>;
  /** A hash of what was loaded, so a reload that changed nothing swaps nothing. */
  fingerprint: string;
  loadedAt: number;
}

export function emptyConfig(): GatewayConfig {
  return { apis: new Map(), connections: new Map(), reservations: new Map(), fingerprint: "", loadedAt: 0 };
}
