/**
 * What the revenue tests stand on, all real: Postgres, a simnet (its ledger read through
 * ln-service, not through our tables), the gateway as its own process on loopback, a loopback
 * upstream (`/fail…` and any path with `/down` answer 500, anything else 200), and the web's own server functions for a
 * signed-up provider whose node is a fresh simnet node.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, encryptSecret } from "@tollbooth/db";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";
import { getSessionUser, type SessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

interface LnInvoice {
  id: string;
  is_confirmed: boolean;
  received: number;
  tokens: number;
}
interface LnService {
  authenticatedLndGrpc(args: { cert: string; macaroon: string; socket: string }): { lnd: unknown };
  getInvoices(args: { lnd: unknown; limit?: number; token?: string }): Promise<{
    invoices: LnInvoice[];
    next?: string;
  }>;
}
const ln = createRequire(import.meta.url)("ln-service") as LnService;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface GatewayAnswer {
  status: number;
  headers: Headers;
  body: string;
  json(): Record<string, unknown>;
}

export type PricingRules = Parameters<ReturnType<typeof createCaller>["apis"]["setPricingRules"]>[0]["rules"];

export interface RevenueStack {
  db: ReturnType<typeof createDb>;
  caller: ReturnType<typeof createCaller>;
  user: SessionUser;
  run: string;
  /** One request, as a well-behaved client makes it (a 503 with Retry-After is retried a few times). */
  call(slug: string, route: string, authorization?: string): Promise<GatewayAnswer>;
  /** 402 → pay with the builder wallet → the Authorization header and what the invoice asked. */
  buy(slug: string, route: string): Promise<{ authorization: string; amountSats: number }>;
  /** The provider node's own ledger: every settled invoice, through ln-service. */
  nodeSettledSats(): Promise<{ sats: number; invoices: number }>;
  /** Creates and publishes an API on the upstream with these rules. */
  createApi(name: string, slug: string, rules: PricingRules): Promise<{ id: string; slug: string }>;
  /** Sets the rules and waits until the gateway asks each probe's amount for a payment on its path. */
  reprice(
    api: { id: string; slug: string },
    rules: PricingRules,
    probes: Array<[string, number]>,
  ): Promise<void>;
  /** Starts the gateway and waits until it serves `slugs` (call after creating the APIs). */
  startGateway(slugs: string[]): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** How the provider is paid: the simnet's LND gRPC, or its NWC wallet service, or its LNbits API. */
export type RevenueWallet = "simnet" | "nwc" | "lnbits";

export async function startRevenueStack(
  label: string,
  wallet: RevenueWallet = "simnet",
): Promise<RevenueStack> {
  const databaseUrl = process.env.DATABASE_URL;
  assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
  const db = createDb(databaseUrl);
  const run = randomBytes(4).toString("hex");
  const dir = await mkdtemp(path.join(tmpdir(), `${label}-`));
  const simnet: RunningSimnet = await startSimnet({
    dataDir: path.join(dir, "simnet"),
    grpcPort: 0,
    adminPort: 0,
  });
  const admin = simnetAdmin(simnet.adminUrl, simnet.adminToken);
  const providerName = `${label}-${run}`;
  const providerNode = await admin.createNode(providerName);
  const builder = await admin.builder();
  const payer: LightningBackend = createLndBackend({
    socket: builder.socket,
    tlsCert: builder.tlsCert,
    macaroon: builder.adminMacaroon,
  });

  const upstream: Server = createServer((req, res) => {
    const status = req.url?.startsWith("/fail") || req.url?.includes("/down") ? 500 : 200;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ url: req.url, status }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;

  const s = await signUp(db, { email: `${label}-${run}@it.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  const caller = createCaller({
    db,
    user,
    sessionToken: undefined,
    resHeaders: new Headers(),
    secure: false,
  });
  const tenantId = user.tenants[0]!.id;
  // Stored as the web app stores each kind (migration 20261202070000_wallet_kinds): the socket
  // column holds the gRPC address, the relay URL or the LNbits URL; the sealed secret the
  // macaroon, the receive-only NWC string or the LNbits invoice key.
  const connection =
    wallet === "nwc"
      ? await admin.nwc({ node: providerName, receiveOnly: true }).then((c) => ({
          socket: c.relayUrl,
          tlsCert: null,
          secret: c.connectionString,
        }))
      : wallet === "lnbits"
        ? await admin
            .lnbits(providerName)
            .then((w) => ({ socket: w.url, tlsCert: null, secret: w.invoiceKey }))
        : { socket: providerNode.socket, tlsCert: providerNode.tlsCert, secret: providerNode.macaroon };
  const sealed = encryptSecret({
    tenantId,
    field: "lightning_connections.macaroon",
    plaintext: connection.secret,
  });
  await db.lightningConnection.create({
    data: {
      tenantId,
      kind: wallet,
      socket: connection.socket,
      tlsCert: connection.tlsCert,
      macaroonCipher: sealed.cipher,
      macaroonKeyVersion: sealed.keyVersion,
    },
  });

  let gateway: ChildProcess | undefined;
  let gatewayUrl = "";

  async function call(slug: string, route: string, authorization?: string): Promise<GatewayAnswer> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${gatewayUrl}/${slug}${route}`, {
        headers: authorization ? { authorization } : {},
      });
      const body = await res.text();
      const retryAfter = Number(res.headers.get("retry-after") ?? 0);
      // A 503 (node or Postgres too slow on a loaded machine) consumed nothing: retry like a client.
      if (res.status === 503 && retryAfter > 0 && attempt < 5) {
        await new Promise((r) => setTimeout(r, retryAfter * 1000));
        continue;
      }
      return {
        status: res.status,
        headers: res.headers,
        body,
        json: () => JSON.parse(body) as Record<string, unknown>,
      };
    }
  }

  return {
    db,
    caller,
    user,
    run,
    call,
    async buy(slug, route) {
      const challenge = await call(slug, route);
      assert.equal(challenge.status, 402, challenge.body);
      const { invoice, macaroon, amount_sats } = challenge.json() as {
        invoice: string;
        macaroon: string;
        amount_sats: number;
      };
      const paid = await payer.pay({ bolt11: invoice, maxFeeSats: 10 });
      return { authorization: `L402 ${macaroon}:${paid.preimage}`, amountSats: amount_sats };
    },
    async nodeSettledSats() {
      const { lnd } = ln.authenticatedLndGrpc({
        cert: providerNode.tlsCert,
        macaroon: providerNode.macaroon,
        socket: providerNode.socket,
      });
      let sats = 0;
      let invoices = 0;
      let token: string | undefined;
      do {
        const page = await ln.getInvoices(token ? { lnd, token } : { lnd, limit: 100 });
        for (const invoice of page.invoices) {
          if (!invoice.is_confirmed) continue;
          sats += invoice.received;
          invoices += 1;
        }
        token = page.next;
      } while (token);
      return { sats, invoices };
    },
    async createApi(name, slug, rules) {
      const api = await caller.apis.create({ name, slug, upstreamBaseUrl: upstreamUrl });
      await caller.apis.setPricingRules({ apiId: api.id, rules });
      // Only a published API is sold.
      await caller.apis.setPublished({ apiId: api.id, published: true });
      return api;
    },
    async reprice(api, rules, probes) {
      await caller.apis.setPricingRules({ apiId: api.id, rules });
      // Every probe: a reload that a single unchanged price would not reveal must not be missed.
      await eventually(
        `the gateway to quote ${JSON.stringify(probes)}`,
        async () => {
          for (const [probe, amountSats] of probes) {
            const res = await fetch(
              `${gatewayUrl}/${api.slug}/.well-known/l402/quote?path=${encodeURIComponent(probe)}`,
            );
            if (res.status !== 200) return undefined;
            const quote = (await res.json()) as { amount_sats?: number };
            if (quote.amount_sats !== amountSats) return undefined;
          }
          return true;
        },
        60_000,
      );
    },
    async startGateway(slugs) {
      const [port, adminPort] = [await freePort(), await freePort()];
      gatewayUrl = `http://127.0.0.1:${port}`;
      gateway = spawn(process.execPath, ["--import", "tsx", "apps/gateway/src/server.ts"], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          GATEWAY_PORT: String(port),
          GATEWAY_HOST: "127.0.0.1",
          GATEWAY_ADMIN_PORT: String(adminPort),
          GATEWAY_SHUTDOWN_GRACE_MS: "2000",
          // A shared, loaded test machine: give the node time rather than a 503 (a real client would retry).
          GATEWAY_NODE_TIMEOUT_MS: "20000",
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "inherit", "inherit"],
      });
      await eventually(
        "the gateway to serve every API",
        async () => {
          for (const slug of slugs) {
            const prices = await fetch(`${gatewayUrl}/${slug}/.well-known/l402.json`);
            if (prices.status !== 200) return undefined;
          }
          return true;
        },
        120_000,
      ); // the gateway starts under tsx: seconds on an idle machine, much more on a loaded one
    },
    async stop() {
      if (gateway && gateway.exitCode === null) {
        const exited = new Promise((resolve) => gateway?.once("exit", resolve));
        gateway.kill("SIGTERM");
        await exited;
      }
      await new Promise((resolve) => upstream.close(resolve));
      await closeLndClients();
      await simnet.stop();
      await rm(dir, { recursive: true, force: true });
      await db.$disconnect();
    },
  };
}
