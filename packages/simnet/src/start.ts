import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { DEFAULT_PORTS } from "@tollbooth/contract/defaults";
import { createAdminServer } from "./admin-server";
import { loadOrCreateAdminToken } from "./admin-token";
import type { SimnetNodeCredentials } from "./credentials";
import { createLndGrpcServer } from "./grpc-server";
import { lnbitsKeysOf, type SimnetLnbitsWallet } from "./lnbits/keys";
import { createLnbitsServer, type SimnetLnbitsServer } from "./lnbits/server";
import { Network } from "./network";
import { NostrRelay } from "./nostr/relay";
import { NwcWalletService } from "./nostr/wallet-service";
import { type PaymentConditions, PaymentRouter } from "./payments";
import { SimnetStore, type StoredNode } from "./state";
import { loadOrCreateTls } from "./tls";

export interface SimnetOptions {
  /** default SIMNET_DATA_DIR or ".data/simnet" */
  dataDir?: string;
  /** default SIMNET_HOST or 127.0.0.1 */
  host?: string;
  /** default SIMNET_GRPC_PORT or 10009; 0 = ephemeral */
  grpcPort?: number;
  /** default SIMNET_ADMIN_PORT or 10010; 0 = ephemeral */
  adminPort?: number;
  /**
   * NIP-01 relay for the NWC wallet service; default SIMNET_NOSTR_PORT or 10011; 0 = ephemeral.
   * Ephemeral too when the caller chose the gRPC port itself and not this one (tests, embedders),
   * whatever the environment says.
   */
  nostrPort?: number;
  /**
   * default SIMNET_LNBITS_PORT or 10012; 0 = ephemeral. Ephemeral too when the caller chose the
   * gRPC port itself and not this one (tests, embedders): they never collide on the default.
   */
  lnbitsPort?: number;
  /** default SIMNET_LATENCY_MS or 0 */
  latencyMs?: number;
  /** default SIMNET_FAILURE_RATE or 0 */
  failureRate?: number;
  /** sats the builder wallet starts with; default SIMNET_BUILDER_SATS or 1,000,000 */
  builderFundingSats?: number;
  /** Bearer token of the admin API; default TOLLBOOTH_SIMNET_ADMIN_TOKEN, else <dataDir>/admin.token */
  adminToken?: string;
}

export interface RunningSimnet {
  grpcSocket: string;
  grpcPort: number;
  adminUrl: string;
  /** What admin API clients send as `Authorization: Bearer …` (simnetAdmin(adminUrl, adminToken)). */
  adminToken: string;
  dataDir: string;
  /** The LNbits-compatible API (one wallet per node), e.g. http://127.0.0.1:10012. */
  lnbitsUrl: string;
  /** Test knob: stop() takes the LNbits API down (every socket dropped), start() brings it back on its port. */
  lnbits: Pick<SimnetLnbitsServer, "start" | "stop">;
  /** Live payment conditions: change latencyMs / failureRate while running. */
  conditions: PaymentConditions;
  /** The NWC side: the relay's URL, and knobs for tests (relay outage, wallets without notifications). */
  nostr: {
    relayUrl: string;
    stopRelay(): Promise<void>;
    startRelay(): Promise<void>;
    setNotifications(on: boolean): void;
  };
  /** Ends every open invoice subscription as if the connection dropped. */
  dropSubscriptions(): number;
  stop(): Promise<void>;
}

const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
};

export async function startSimnet(opts: SimnetOptions = {}): Promise<RunningSimnet> {
  const dataDir = resolve(opts.dataDir ?? process.env.SIMNET_DATA_DIR ?? ".data/simnet");
  const host = opts.host ?? process.env.SIMNET_HOST ?? "127.0.0.1";
  const conditions: PaymentConditions = {
    latencyMs: opts.latencyMs ?? envNumber("SIMNET_LATENCY_MS", 0),
    failureRate: opts.failureRate ?? envNumber("SIMNET_FAILURE_RATE", 0),
  };
  const store = new SimnetStore(dataDir);
  const network = new Network(store, {
    builderFundingSats: opts.builderFundingSats ?? envNumber("SIMNET_BUILDER_SATS", 1_000_000),
  });
  const router = new PaymentRouter(network, conditions);
  const tls = await loadOrCreateTls(dataDir, host);
  const grpcServer = createLndGrpcServer(network, router);

  const credentials = grpc.ServerCredentials.createSsl(
    null,
    [{ private_key: Buffer.from(tls.keyPem), cert_chain: Buffer.from(tls.certPem) }],
    false,
  );
  const wantedGrpcPort = opts.grpcPort ?? envNumber("SIMNET_GRPC_PORT", DEFAULT_PORTS.simnetGrpc);
  const grpcPort = await new Promise<number>((ok, fail) =>
    grpcServer.server.bindAsync(`${host}:${wantedGrpcPort}`, credentials, (err, port) =>
      err
        ? fail(
            new Error(
              `simnet cannot listen for gRPC on ${host}:${wantedGrpcPort} (${err.message.includes("EADDRINUSE") ? "port in use: another simnet or LND?" : err.message}); set SIMNET_GRPC_PORT`,
            ),
          )
        : ok(port),
    ),
  );
  const grpcSocket = `${host.includes(":") ? `[${host}]` : host}:${grpcPort}`;
  const tlsCert = Buffer.from(tls.certPem).toString("base64");

  const relay = new NostrRelay(host);
  const wantedNostrPort =
    opts.nostrPort ??
    // Not SIMNET_NOSTR_PORT then: a test's simnet inside a stack started with these variables
    // (the e2e stage) would take the stack's own relay port.
    (opts.grpcPort !== undefined ? 0 : envNumber("SIMNET_NOSTR_PORT", DEFAULT_PORTS.simnetNostr));
  try {
    await relay.start(wantedNostrPort);
  } catch (err) {
    grpcServer.server.forceShutdown();
    const inUse = (err as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw new Error(
      `simnet cannot listen for its Nostr relay on ${host}:${wantedNostrPort} (${inUse ? "port in use: another simnet?" : (err as Error).message}); set SIMNET_NOSTR_PORT`,
    );
  }
  const nwc = new NwcWalletService(network, router, relay);

  const lnbits = createLnbitsServer(
    network,
    router,
    host,
    opts.lnbitsPort ??
      (opts.grpcPort !== undefined ? 0 : envNumber("SIMNET_LNBITS_PORT", DEFAULT_PORTS.simnetLnbits)),
  );
  try {
    await lnbits.start();
  } catch (err) {
    grpcServer.server.forceShutdown();
    await relay.stop();
    const inUse = (err as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw new Error(
      `simnet cannot listen for its LNbits API on ${host} (${inUse ? "port in use: another simnet?" : (err as Error).message}); set SIMNET_LNBITS_PORT`,
    );
  }
  const lnbitsUrl = `http://${host.includes(":") ? `[${host}]` : host}:${lnbits.port}`;
  const lnbitsWallet = (node: StoredNode): SimnetLnbitsWallet => ({
    name: node.name,
    url: lnbitsUrl,
    ...lnbitsKeysOf(node),
  });

  const adminToken = loadOrCreateAdminToken(
    dataDir,
    opts.adminToken ?? process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN,
  );
  const admin = createAdminServer(
    network,
    (node): SimnetNodeCredentials => ({
      name: node.name,
      pubkey: node.pubkey,
      socket: grpcSocket,
      tlsCert,
      macaroon: node.macaroons.invoice,
      adminMacaroon: node.macaroons.admin,
      readonlyMacaroon: node.macaroons.readonly,
    }),
    adminToken,
    lnbitsWallet,
    (node, receiveOnly) => nwc.mint(node, receiveOnly),
  );
  try {
    await new Promise<void>((ok, fail) => {
      admin.once("error", fail);
      admin.listen(opts.adminPort ?? envNumber("SIMNET_ADMIN_PORT", DEFAULT_PORTS.simnetAdmin), host, () =>
        ok(),
      );
    });
  } catch (err) {
    grpcServer.server.forceShutdown();
    await relay.stop();
    await lnbits.stop();
    const inUse = (err as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw new Error(
      `simnet cannot listen for its admin API on ${host} (${inUse ? "port in use: another simnet?" : (err as Error).message}); set SIMNET_ADMIN_PORT`,
    );
  }
  const adminPort = (admin.address() as AddressInfo).port;

  let stopped: Promise<void> | undefined;
  return {
    grpcSocket,
    grpcPort,
    adminUrl: `http://${host.includes(":") ? `[${host}]` : host}:${adminPort}`,
    adminToken,
    dataDir,
    lnbitsUrl,
    lnbits: { start: () => lnbits.start(), stop: () => lnbits.stop() },
    conditions,
    nostr: {
      relayUrl: relay.url,
      stopRelay: () => relay.stop(),
      startRelay: () => relay.start(),
      setNotifications: (on) => nwc.setNotifications(on),
    },
    dropSubscriptions: () => grpcServer.dropSubscriptions(),
    stop() {
      stopped ??= (async () => {
        // Graceful first, so payment streams that just finished still deliver their final status.
        grpcServer.dropSubscriptions();
        await new Promise<void>((ok) => {
          const force = setTimeout(() => {
            grpcServer.server.forceShutdown();
            ok();
          }, 2_000);
          grpcServer.server.tryShutdown(() => {
            clearTimeout(force);
            ok();
          });
        });
        await relay.stop();
        await lnbits.stop();
        admin.closeAllConnections();
        await new Promise<void>((ok) => admin.close(() => ok()));
        store.close(); // the last group write, then the journal file is closed
      })();
      return stopped;
    },
  };
}
