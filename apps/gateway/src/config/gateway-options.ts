/**
 * Every knob of a gateway and its default, in one place: GatewayOptions (what startGateway in
 * gateway.ts takes; config/env.ts fills it from the environment), the request handler's own
 * options (app.ts), and the fixed sizes of the Postgres pools. The defaults shared with the web
 * app and the CLI (ports, domain, hosts) come from @tollbooth/contract.
 */

import type { KeyObject } from "node:crypto";
import {
  DEFAULT_GATEWAY_ADMIN_HOST,
  DEFAULT_GATEWAY_DOMAIN,
  DEFAULT_GATEWAY_HOST,
  DEFAULT_GATEWAY_URL,
  DEFAULT_PORTS,
} from "@tollbooth/contract";
import type { HealthCheckOptions } from "../health/health-checker";
import type { ProxyTrust } from "../http/client-address";
import type { Logger } from "../ops/logger";
import type { SealSecret } from "../payment/challenge-issuer";
import type { RateLimit } from "../payment/flood-guard";
import type { BackendFactory } from "../payment/node-registry";
import type { UpstreamPoolOptions } from "../proxy/upstream-pools";
import type { OpenSecret } from "./load-config";

export interface GatewayOptions {
  databaseUrl: string;
  domain: string;
  /** Which socket peers are our own proxies; null: none (their forwarding headers are ignored). */
  trustProxy: ProxyTrust | null;
  /** How clients reach the gateway (scheme, host, port): links are built from it, never from Host. */
  publicUrl: string;
  /** Shared with the web app: lets its Try it server say whose request it sends. */
  visitorSecret: string | null;
  /** Host names the admin port answers to besides loopback (e.g. `gateway` for a scraper). */
  adminHosts: string[];
  allowPrivateUpstreams: boolean;
  host: string;
  port: number;
  adminHost: string;
  adminPort: number;
  upstream: Omit<UpstreamPoolOptions, "resolve">;
  node: { timeoutMs: number; maxInFlight: number; cooldownMs: number };
  challenges: { perClient: RateLimit; perTenant: RateLimit; invoiceExpirySeconds: number };
  /** Caps on settlement hand-off polls (each may cost the provider's node a lookup). */
  settlementPolls: { perClient: RateLimit; perTenant: RateLimit };
  /** Upstream health checks (health/health-checker.ts). */
  health: HealthCheckOptions;
  meteringFlushMs: number;
  configPollMs: number;
  /** Most paid calls one consumption statement may take ahead for a token (1 = none). */
  leaseMax: number;
  /** Hard limit for finishing in-flight requests at shutdown. */
  shutdownGraceMs: number;
  /** How long to keep retrying the first config load (Postgres not up yet) before giving up. */
  startupWaitMs: number;
  logger?: Logger;
  backendFactory?: BackendFactory;
  openSecret?: OpenSecret;
  seal?: SealSecret;
  /** The operator's Ed25519 key receipts are signed with (TOLLBOOTH_RECEIPT_KEY); null: no receipts. */
  receiptKey?: KeyObject | null;
}

export const DEFAULT_GATEWAY_OPTIONS: Omit<GatewayOptions, "databaseUrl"> = {
  domain: DEFAULT_GATEWAY_DOMAIN,
  trustProxy: null,
  publicUrl: DEFAULT_GATEWAY_URL,
  visitorSecret: null,
  adminHosts: [],
  allowPrivateUpstreams: false,
  host: DEFAULT_GATEWAY_HOST,
  port: DEFAULT_PORTS.gateway,
  adminHost: DEFAULT_GATEWAY_ADMIN_HOST,
  adminPort: DEFAULT_PORTS.gatewayAdmin,
  upstream: { connectMs: 5_000, headersMs: 30_000, bodyMs: 30_000, connectionsPerOrigin: 256 },
  node: { timeoutMs: 5_000, maxInFlight: 64, cooldownMs: 3_000 },
  challenges: {
    perClient: { perSecond: 20, burst: 40 },
    perTenant: { perSecond: 2_000, burst: 4_000 },
    invoiceExpirySeconds: 600,
  },
  // A page polls about once a second at first, then backs off (apps/web try-it-settlement.ts).
  settlementPolls: {
    perClient: { perSecond: 2, burst: 10 },
    perTenant: { perSecond: 500, burst: 1_000 },
  },
  // A minute between checks of one API, whatever the number of gateways; down after two misses.
  health: { intervalMs: 60_000, timeoutMs: 5_000, concurrency: 8, downAfter: 2 },
  meteringFlushMs: 200,
  configPollMs: 250,
  leaseMax: 256,
  shutdownGraceMs: 25_000,
  startupWaitMs: 30_000,
};

export interface GatewayAppOptions {
  domain: string;
  /** Which socket peers are our own proxies (GATEWAY_TRUST_PROXY / GATEWAY_TRUSTED_PROXIES); null: none. */
  trustProxy: ProxyTrust | null;
  /** GATEWAY_PUBLIC_URL: the scheme, host and port clients use; links are built from it, never from Host. */
  publicUrl: string;
  /** GATEWAY_VISITOR_SECRET: with it, the web's Try it server may say whose request it sends. */
  visitorSecret: string | null;
}

/**
 * Connections per Postgres pool. Separate pools keep an unauthenticated challenge flood,
 * metering and config reloads from taking connections that paid calls need. The challenge pool
 * is small on purpose: challenges waiting for a connection go together in one INSERT
 * (payment/challenge-writer.ts).
 */
export const POSTGRES_POOL_SIZES = { paid: 10, challenge: 2, background: 4 } as const;

export const POSTGRES_POOL_TIMEOUTS = {
  connectionTimeoutMillis: 2_000,
  idleTimeoutMillis: 10_000,
  statement_timeout: 5_000,
  query_timeout: 6_000,
} as const;

/** Leasing paid calls ahead starts only when every limit of a token chain has this many left. */
export const LEASE_MIN_ROOM = 256;
