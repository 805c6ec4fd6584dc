/**
 * A gateway built from an in-memory config (no Postgres), listening on port 0. For proxy, SSRF and
 * protocol-abuse tests; the payment tests use the Postgres-backed gateway instead.
 */
import { randomUUID } from "node:crypto";
import { createGatewayApp } from "../../src/app";
import { type ApiRow, buildTenantApi } from "../../src/config/build-tenant-api";
import type { GatewayAppOptions } from "../../src/config/gateway-options";
import { StaticConfig } from "../../src/config/static-config";
import type { TenantApi } from "../../src/config/tenant-config";
import { sendError } from "../../src/http/send-error";
import { createTenantServer } from "../../src/http/tenant-server";
import { type UsageEvent, UsageMeter } from "../../src/metering/usage-meter";
import { createLogger } from "../../src/ops/logger";
import { GatewayMetrics } from "../../src/ops/metrics";
import type { Paywall } from "../../src/payment/paywall-types";
import type { PricingRuleRow } from "../../src/pricing/price-route";
import { type UpstreamPoolOptions, UpstreamPools } from "../../src/proxy/upstream-pools";
import { closeServer, listen } from "./upstreams";

export function apiFixture(
  over: Partial<ApiRow> & { slug: string; upstreamBaseUrl: string },
  rules: Array<Partial<PricingRuleRow> & { pathPattern: string }> = [],
  secret: string | null = null,
): TenantApi {
  const row: ApiRow = {
    id: randomUUID(),
    tenantId: randomUUID(),
    name: over.slug,
    description: "",
    published: true,
    status: "active",
    // The fixtures predate per-API defaults: unmatched paths cost 1 sat, as they used to.
    defaultKind: "per_call",
    defaultPriceSats: 1,
    defaultCallsPerToken: 1,
    upstreamSecretHeader: null,
    allowPrivateUpstream: true,
    tokenValiditySeconds: 3600,
    freeTierCalls: 0,
    freeTierWindowSeconds: 3600,
    lightningConnectionId: null,
    ...over,
  };
  const ruleRows = rules.map((r, i) => ({
    id: randomUUID(),
    position: i,
    method: "*",
    kind: "free" as const,
    priceSats: 0,
    callsPerToken: 1,
    passSeconds: null,
    ...r,
  }));
  return buildTenantApi(row, ruleRows, secret, false);
}

const DEFAULT_APP_OPTIONS: GatewayAppOptions = {
  domain: "gw.localhost",
  trustProxy: null,
  publicUrl: "http://127.0.0.1:8402",
  visitorSecret: null,
};

/** Paid routes answer 402 without a node: enough for tests that only exercise free routes. */
export const closedPaywall: Paywall = {
  async authorize({ res }) {
    sendError(res, 402, "payment_required", "Payment is required.");
    return { kind: "answered", status: 402, tokenId: null };
  },
  async refund() {},
};

export interface StaticGateway {
  port: number;
  config: StaticConfig;
  events: UsageEvent[];
  meter: UsageMeter;
  close(): Promise<void>;
}

export async function startStaticGateway(
  apis: TenantApi[],
  options: {
    paywall?: Paywall;
    pools?: Partial<UpstreamPoolOptions>;
    /** App options over the defaults, e.g. the edge settings optionsFromEnv derives. */
    app?: Partial<GatewayAppOptions>;
    /** Listen address; 127.0.0.1 unless a test needs another (e.g. ::1). */
    host?: string;
  } = {},
): Promise<StaticGateway> {
  const events: UsageEvent[] = [];
  const meter = new UsageMeter({
    sink: async (batch) => {
      events.push(...batch);
    },
    flushIntervalMs: 20,
  });
  meter.start();
  const config = new StaticConfig(apis);
  const pools = new UpstreamPools({
    connectMs: 1_000,
    headersMs: 1_000,
    bodyMs: 1_000,
    connectionsPerOrigin: 64,
    ...options.pools,
  });
  const handler = createGatewayApp({
    config,
    pools,
    meter,
    paywall: options.paywall ?? closedPaywall,
    metrics: new GatewayMetrics(),
    logger: createLogger({ level: "silent" }),
    options: { ...DEFAULT_APP_OPTIONS, ...options.app },
  });
  const server = createTenantServer(handler, { maxHeaderSize: 16 * 1024 });
  const port = await listen(server, options.host);
  return {
    port,
    config,
    events,
    meter,
    async close() {
      await closeServer(server);
      await meter.stop();
      await pools.close();
    },
  };
}
