/**
 * The gateway's in-memory picture of every tenant API, rebuilt from Postgres on every change and
 * swapped in whole, so a request always sees one consistent version.
 */
import type { RoutePrice } from "../pricing/price-route";

export interface TenantApi {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  description: string;
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
   * upstream origin; "secret_header_forbidden"), or null. Such an API answers 503 and proxies nothing.
   */
  secretRefusal: string | null;
  tokenValiditySeconds: number;
  freeTierCalls: number;
  freeTierWindowSeconds: number;
  lightningConnectionId: string | null;
  rules: RoutePrice[];
}

export interface NodeConnectionConfig {
  id: string;
  tenantId: string;
  kind: "lnd" | "simnet";
  socket: string;
  tlsCert: string | null;
  macaroon: string;
  settleIndex: bigint;
}

export interface GatewayConfig {
  apis: Map<string, TenantApi>;
  connections: Map<string, NodeConnectionConfig>;
  /** A hash of what was loaded, so a reload that changed nothing swaps nothing. */
  fingerprint: string;
  loadedAt: number;
}

export function emptyConfig(): GatewayConfig {
  return { apis: new Map(), connections: new Map(), fingerprint: "", loadedAt: 0 };
}
