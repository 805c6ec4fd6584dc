/**
 * Composition root: builds every part of a gateway from options (config/gateway-options.ts),
 * listens, and shuts down in the right order. server.ts calls it with options from the
 * environment; integration tests call it with port 0. Separate Postgres pools keep an
 * unauthenticated challenge flood, metering and config reloads from taking connections that
 * paid calls need.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPgPool, decryptSecret, encryptSecret } from "@tollbooth/db";
import { TokenVerifier } from "@tollbooth/l402-core";
import { ReceiptSigner } from "@tollbooth/receipts";
import { createGatewayApp, type RequestHandler } from "./app";
import { ConfigStore } from "./config/config-store";
import {
  type GatewayOptions,
  LEASE_MIN_ROOM,
  POSTGRES_POOL_SIZES,
  POSTGRES_POOL_TIMEOUTS,
} from "./config/gateway-options";
import type { OpenSecret } from "./config/load-config";
import { HealthChecker } from "./health/health-checker";
import { createTenantServer } from "./http/tenant-server";
import { UsageMeter } from "./metering/usage-meter";
import { createAdminServer } from "./ops/admin-server";
import { createLogger, type Logger } from "./ops/logger";
import { GatewayMetrics } from "./ops/metrics";
import { walletBackendFactory } from "./payment/backend-factory";
import { ChallengeIssuer, type SealSecret } from "./payment/challenge-issuer";
import { ChallengeWriter } from "./payment/challenge-writer";
import { ConsumptionLedger } from "./payment/consumption";
import { FloodGuard } from "./payment/flood-guard";
import { L402Paywall } from "./payment/l402-paywall";
import { nodeDialFor } from "./payment/node-dial";
import { NodeRegistry, SettledTokens } from "./payment/node-registry";
import { ReceiptDesk } from "./payment/receipt-desk";
import { ReceiptIssuer } from "./payment/receipt-issuer";
import { RootKeyCache } from "./payment/root-key-cache";
import { SettlementHandoff } from "./payment/settlement-handoff";
import { UpstreamPools } from "./proxy/upstream-pools";
import { ApiHealthStore } from "./store/api-health";
import { ChallengeStore } from "./store/challenge-store";
import { FreeTier } from "./store/free-tier";
import { ReceiptStore } from "./store/receipt-store";
import { createPostgresUsageSink } from "./store/usage-events";

type PgPool = ReturnType<typeof createPgPool>;

export interface RunningGateway {
  port: number;
  adminPort: number;
  url: string;
  config: ConfigStore;
  meter: UsageMeter;
  metrics: GatewayMetrics;
  ledger: ConsumptionLedger;
  health: HealthChecker;
  handler: RequestHandler;
  /** Stop accepting, finish in-flight requests, flush metering, release everything. */
  stop(): Promise<void>;
}

function pool(url: string, max: number, logger: Logger, name: string): PgPool {
  const p = createPgPool(url, { max, ...POSTGRES_POOL_TIMEOUTS });
  // An idle client losing its server (Postgres restarted) must not crash the process.
  p.on("error", (err) => logger.warn({ pool: name, err: err.message }, "postgres connection lost"));
  return p;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger();
  const metrics = new GatewayMetrics({ defaultMetrics: true });
  const openSecret: OpenSecret = options.openSecret ?? decryptSecret;
  const seal: SealSecret = options.seal ?? encryptSecret;

  const paidDb = pool(options.databaseUrl, POSTGRES_POOL_SIZES.paid, logger, "paid");
  const challengeConnections = POSTGRES_POOL_SIZES.challenge;
  const challengeDb = pool(options.databaseUrl, challengeConnections, logger, "challenge");
  const backgroundDb = pool(options.databaseUrl, POSTGRES_POOL_SIZES.background, logger, "background");
  const pools = [paidDb, challengeDb, backgroundDb];

  const store = new ChallengeStore(paidDb);
  const settled = new SettledTokens();
  const nodes = new NodeRegistry({
    factory:
      options.backendFactory ??
      walletBackendFactory(options.node.timeoutMs, nodeDialFor(options.allowPrivateUpstreams)),
    gate: { maxInFlight: options.node.maxInFlight, cooldownMs: options.node.cooldownMs },
    store: new ChallengeStore(backgroundDb),
    settled,
    logger,
    metrics,
    followSettlements: true,
  });
  const upstreams = new UpstreamPools(options.upstream);
  const config = new ConfigStore({
    pool: backgroundDb,
    logger,
    openSecret,
    operatorAllowsPrivate: options.allowPrivateUpstreams,
    pollIntervalMs: options.configPollMs,
    onSecretError: (what, err) =>
      logger.error({ what, code: (err as { code?: string }).code }, "cannot open a secret"),
    onChange: (next) => {
      metrics.configReloads.inc();
      nodes.sync(next);
      upstreams.retain(
        new Set(
          [...next.apis.values()].map((a) => UpstreamPools.key(a.upstreamOrigin, a.allowPrivateUpstream)),
        ),
      );
      logger.info({ apis: next.apis.size, connections: next.connections.size }, "config loaded");
    },
  });
  const meter = new UsageMeter({
    sink: createPostgresUsageSink(backgroundDb),
    flushIntervalMs: options.meteringFlushMs,
    onFlushError: (err, buffered) =>
      logger.warn({ err: String(err), buffered }, "usage events wait for postgres"),
  });
  const health = new HealthChecker({
    store: new ApiHealthStore(backgroundDb),
    apis: () => config.current().apis.values(),
    pools: upstreams,
    logger,
    options: options.health,
  });
  const rootKeys = new RootKeyCache();
  const ledger = new ConsumptionLedger(paidDb, { max: options.leaseMax, minRoom: LEASE_MIN_ROOM });
  const issuer = new ChallengeIssuer({
    store: new ChallengeWriter(new ChallengeStore(challengeDb), { connections: challengeConnections }),
    nodes,
    floodGuard: new FloodGuard({
      perClient: options.challenges.perClient,
      perTenant: options.challenges.perTenant,
    }),
    rootKeys,
    seal,
    metrics,
    logger,
    invoiceExpirySeconds: options.challenges.invoiceExpirySeconds,
  });
  const verifier = new TokenVerifier({ maxEntries: 50_000 });
  const receipts = options.receiptKey
    ? new ReceiptIssuer(new ReceiptStore(paidDb), new ReceiptSigner(options.receiptKey))
    : null;
  const paywall = new L402Paywall({
    issuer,
    store,
    ledger,
    freeTier: new FreeTier(paidDb),
    verifier,
    rootKeys,
    settled,
    nodes,
    openSecret,
    metrics,
    logger,
    receipts,
  });
  const handoff = new SettlementHandoff({
    store,
    nodes,
    settled,
    metrics,
    verifier,
    floodGuard: new FloodGuard(options.settlementPolls),
    knownToken: (tokenId, api) => paywall.knownToken(tokenId, api),
  });
  const receiptDesk = new ReceiptDesk({
    issuer: receipts,
    verifier,
    floodGuard: new FloodGuard(options.settlementPolls),
    knownToken: (tokenId, api) => paywall.knownToken(tokenId, api),
  });
  const handler = createGatewayApp({
    config,
    pools: upstreams,
    meter,
    paywall,
    handoff,
    receiptDesk,
    metrics,
    logger,
    options: {
      domain: options.domain,
      trustProxy: options.trustProxy,
      publicUrl: options.publicUrl,
      visitorSecret: options.visitorSecret,
    },
  });

  let stopping = false;
  const tenantServer = createTenantServer(handler);
  const adminServer = createAdminServer(
    metrics,
    {
      ready: () =>
        stopping
          ? { ok: false, reason: "shutting_down" }
          : config.ready
            ? { ok: true }
            : { ok: false, reason: "config_not_loaded" },
      servesHost: (host) => {
        if (host === options.domain) return true;
        const suffix = `.${options.domain}`;
        if (!host.endsWith(suffix)) return false;
        const api = config.current().apis.get(host.slice(0, -suffix.length));
        return api !== undefined && api.status !== "disabled";
      },
    },
    { hosts: options.adminHosts },
  );

  // Postgres may come up after us (npm start starts everything at once): wait for it a while.
  const startBy = Date.now() + options.startupWaitMs;
  for (;;) {
    try {
      await config.start();
      break;
    } catch (err) {
      if (Date.now() >= startBy) {
        await Promise.all(pools.map((p) => p.end().catch(() => {})));
        throw err;
      }
      logger.warn({ err: String(err) }, "cannot load config yet; retrying");
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  meter.start();
  health.start();
  const bufferGauge = setInterval(() => {
    metrics.meteringBuffered.set(meter.buffered);
    // Calls counted locally while Postgres was away are written back without waiting for traffic.
    if (ledger.isOffline) void ledger.replay();
    // Unused leased calls go back after a second of silence, so other instances can sell them.
    void ledger.returnLeases(1_000).catch(() => {});
  }, 500);
  bufferGauge.unref();
  const port = await listen(tenantServer, options.port, options.host);
  const adminPort = await listen(adminServer, options.adminPort, options.adminHost);
  logger.info({ port, adminPort, domain: options.domain }, "gateway listening");

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      const deadline = Date.now() + options.shutdownGraceMs;
      // Stop accepting; idle keep-alive sockets close now, busy ones after their response.
      const closed = new Promise<void>((resolve) => tenantServer.close(() => resolve()));
      tenantServer.closeIdleConnections();
      const idleSweep = setInterval(() => tenantServer.closeIdleConnections(), 50);
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, Math.max(0, deadline - Date.now())).unref(),
      );
      await Promise.race([closed, timeout]);
      clearInterval(idleSweep);
      tenantServer.closeAllConnections();
      clearInterval(bufferGauge);
      await health.stop();
      await config.stop();
      nodes.close();
      await ledger.returnLeases(0).catch(() => {});
      while (ledger.isOffline && Date.now() < deadline + 5_000) {
        await ledger.replay();
        if (ledger.isOffline) await new Promise((r) => setTimeout(r, 200));
      }
      if (ledger.isOffline)
        logger.error({ pending: ledger.pendingJournal }, "offline paid calls could not be written back");
      const flushed = await meter.stop(Date.now() + Math.max(5_000, deadline - Date.now()));
      if (!flushed)
        logger.error({ lost: meter.buffered }, "usage events could not be written before shutdown");
      await new Promise<void>((resolve) => adminServer.close(() => resolve()));
      adminServer.closeAllConnections();
      await upstreams.close();
      await Promise.all(pools.map((p) => p.end().catch(() => {})));
      logger.info("gateway stopped");
    })();
    return stopped;
  };

  return {
    port,
    adminPort,
    url: `http://127.0.0.1:${port}`,
    config,
    meter,
    metrics,
    ledger,
    health,
    handler,
    stop,
  };
}
