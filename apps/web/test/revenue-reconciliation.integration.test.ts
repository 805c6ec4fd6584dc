// Over 300 lines: one end-to-end money scenario (real simnet, gateway process, upstream) whose
// setup and sales each later assertion depends on.
/**
 * Gross volume reconciles with the node, to the sat. All real: Postgres, a simnet (read through
 * ln-service, not through our tables), the gateway as its own process on loopback, a loopback
 * upstream, and the web's own server functions (sign-up, create API, pricing, usage, delete API).
 * A mix of single calls, a 10-call bundle (partly used, and one not used at all), a time pass, a
 * refund (upstream 5xx on a paid call) and a deleted API: the dashboard's gross volume must equal
 * the sats of the invoices the node settled, before and after the API is deleted.
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
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createDb, encryptSecret } from "@tollbooth/db";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";
import { getSessionUser, type SessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

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

let dir: string;
let simnet: RunningSimnet;
let payer: LightningBackend;
let providerNode: { socket: string; tlsCert: string; macaroon: string };
let upstream: Server;
let upstreamUrl: string;
let gateway: ChildProcess;
let gatewayUrl: string;
let user: SessionUser;
let caller: ReturnType<typeof createCaller>;
let main: { id: string; slug: string };
let doomed: { id: string; slug: string };

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
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

/** The provider node's own ledger: every settled invoice, through ln-service. */
async function nodeSettledSats(): Promise<{ sats: number; invoices: number }> {
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
}

/**
 * One request, as a well-behaved client makes it: a 503 from the gateway (its node or Postgres
 * too slow on a loaded machine) consumed nothing and says Retry-After, so it is retried, a few
 * times at most. Every other answer is returned as it came.
 */
async function call(slug: string, route: string, authorization?: string) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${gatewayUrl}/${slug}${route}`, {
      headers: authorization ? { authorization } : {},
    });
    const body = await res.text();
    const retryAfter = Number(res.headers.get("retry-after") ?? 0);
    if (res.status === 503 && retryAfter > 0 && attempt < 5) {
      await new Promise((r) => setTimeout(r, retryAfter * 1000));
      continue;
    }
    return { status: res.status, body, json: () => JSON.parse(body) as Record<string, unknown> };
  }
}

function expectStatus(res: { status: number; body: string }, status: number): void {
  assert.equal(res.status, status, res.body);
}

/** 402 → pay with the builder wallet → the Authorization header. */
async function buy(slug: string, route: string): Promise<{ authorization: string; amountSats: number }> {
  const challenge = await call(slug, route);
  assert.equal(challenge.status, 402, challenge.body);
  const { invoice, macaroon, amount_sats } = challenge.json() as {
    invoice: string;
    macaroon: string;
    amount_sats: number;
  };
  const paid = await payer.pay({ bolt11: invoice, maxFeeSats: 10 });
  return { authorization: `L402 ${macaroon}:${paid.preimage}`, amountSats: amount_sats };
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "revenue-"));
  simnet = await startSimnet({ dataDir: path.join(dir, "simnet"), grpcPort: 0, adminPort: 0 });
  const admin = simnetAdmin(simnet.adminUrl, simnet.adminToken);
  providerNode = await admin.createNode(`revenue-${run}`);
  const builder = await admin.builder();
  payer = createLndBackend({
    socket: builder.socket,
    tlsCert: builder.tlsCert,
    macaroon: builder.adminMacaroon,
  });

  upstream = createServer((req, res) => {
    const status = req.url?.startsWith("/fail") ? 500 : 200;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ url: req.url, status }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;

  const s = await signUp(db, { email: `revenue-${run}@it.test`, password: "a long enough password" });
  user = (await getSessionUser(db, s.token))!;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
  const tenantId = user.tenants[0]!.id;
  const sealed = encryptSecret({
    tenantId,
    field: "lightning_connections.macaroon",
    plaintext: providerNode.macaroon,
  });
  await db.lightningConnection.create({
    data: {
      tenantId,
      kind: "simnet",
      socket: providerNode.socket,
      tlsCert: providerNode.tlsCert,
      macaroonCipher: sealed.cipher,
      macaroonKeyVersion: sealed.keyVersion,
    },
  });
  main = await caller.apis.create({ name: "Revenue API", slug: `rev-${run}`, upstreamBaseUrl: upstreamUrl });
  await caller.apis.setPricingRules({
    apiId: main.id,
    rules: [
      { method: "GET", pathPattern: "/single", kind: "per_call", priceSats: 3, callsPerToken: 1 },
      { method: "*", pathPattern: "/bundle/*", kind: "per_call", priceSats: 5, callsPerToken: 10 },
      { method: "*", pathPattern: "/pass/*", kind: "time_pass", priceSats: 20, passSeconds: 3600 },
      { method: "GET", pathPattern: "/fail", kind: "per_call", priceSats: 7, callsPerToken: 1 },
    ],
  });
  doomed = await caller.apis.create({
    name: "Doomed API",
    slug: `gone-${run}`,
    upstreamBaseUrl: upstreamUrl,
  });
  await caller.apis.setPricingRules({
    apiId: doomed.id,
    rules: [{ method: "*", pathPattern: "/*", kind: "per_call", priceSats: 4, callsPerToken: 2 }],
  });
  // Only a published API is sold.
  for (const api of [main, doomed]) await caller.apis.setPublished({ apiId: api.id, published: true });

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
    "the gateway to serve both APIs",
    async () => {
      for (const slug of [main.slug, doomed.slug]) {
        const quote = await fetch(`${gatewayUrl}/${slug}/.well-known/l402/quote?path=/single`);
        if (quote.status !== 200) return undefined;
      }
      return true;
    },
    120_000,
  ); // the gateway starts under tsx: seconds on an idle machine, much more on a loaded one
});

after(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway.once("exit", resolve));
    gateway.kill("SIGTERM");
    await exited;
  }
  await new Promise((resolve) => upstream?.close(resolve));
  await new Promise((r) => setTimeout(r, 200));
  closeLndClients();
  await simnet?.stop();
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

let expectedSats = 0;
let expectedInvoices = 0;
let expectedCalls = 0;

test("a mix of sales: single calls, a bundle, an unused bundle, a time pass, a refund, another API", async () => {
  const spend = (amount: number) => {
    expectedSats += amount;
    expectedInvoices += 1;
  };
  for (let i = 0; i < 2; i++) {
    const single = await buy(main.slug, "/single");
    spend(single.amountSats);
    expectStatus(await call(main.slug, "/single", single.authorization), 200);
    expectedCalls += 1;
  }
  const bundle = await buy(main.slug, "/bundle/a");
  assert.equal(bundle.amountSats, 50, "10 calls for 50 sats");
  spend(bundle.amountSats);
  for (let i = 0; i < 3; i++) {
    expectStatus(await call(main.slug, `/bundle/${i}`, bundle.authorization), 200);
    expectedCalls += 1;
  }
  // Paid for and never used: still money the node received.
  spend((await buy(main.slug, "/bundle/unused")).amountSats);
  const pass = await buy(main.slug, "/pass/x");
  assert.equal(pass.amountSats, 20);
  spend(pass.amountSats);
  for (let i = 0; i < 4; i++) {
    expectStatus(await call(main.slug, `/pass/${i}`, pass.authorization), 200);
    expectedCalls += 1;
  }
  const refund = await buy(main.slug, "/fail");
  spend(refund.amountSats);
  expectStatus(await call(main.slug, "/fail", refund.authorization), 500);
  expectedCalls += 1; // served (and failed): counted as a call, its credit shown apart
  const other = await buy(doomed.slug, "/x");
  assert.equal(other.amountSats, 8);
  spend(other.amountSats);
  expectStatus(await call(doomed.slug, "/x", other.authorization), 200);
  expectedCalls += 1;
  assert.equal(expectedSats, 3 + 3 + 50 + 50 + 20 + 7 + 8);
});

test("the dashboard's gross volume equals the node's settled invoices, to the sat", async () => {
  const node = await nodeSettledSats();
  assert.deepEqual(node, { sats: expectedSats, invoices: expectedInvoices }, "the node's own ledger");
  // Settlement reaches our tables through the gateway's stream; calls through its metering batches.
  const usage = await eventually(
    "the dashboard to catch up",
    async () => {
      const u = await caller.usage.stats({ days: 7 });
      return u.totals.invoices === node.invoices && u.totals.calls === expectedCalls ? u : undefined;
    },
    60_000,
  );
  assert.equal(usage.totals.grossSats, node.sats, "gross volume = settled invoices on the node");
  assert.equal(
    usage.byDay.reduce((n, d) => n + d.grossSats, 0),
    node.sats,
    "per day adds up to the same",
  );
  assert.equal(
    usage.sales.reduce((n, s) => n + s.grossSats, 0),
    node.sats,
    "per route adds up to the same",
  );
  assert.equal(usage.totals.calls, expectedCalls, "calls served are counted apart from money");
  assert.deepEqual(
    [usage.totals.creditedCalls, usage.totals.creditedSats],
    [1, 7],
    "the refunded call is shown as a credit, worth its price",
  );
  const bundle = usage.sales.find((s) => s.pathPattern === "/bundle/*");
  assert.deepEqual(
    bundle && [bundle.apiSlug, bundle.method, bundle.label, bundle.invoices, bundle.grossSats],
    [main.slug, "*", "10 calls for 50 sats", 2, 100],
    "a bundle counts in full at settlement, used or not",
  );
  const pass = usage.sales.find((s) => s.pathPattern === "/pass/*");
  assert.deepEqual(pass && [pass.label, pass.grossSats], ["1 hour pass for 20 sats", 20]);
  const payments = await caller.usage.recentPayments({ limit: 50 });
  assert.equal(
    payments.reduce((n, p) => n + p.amountSats, 0),
    node.sats,
    "recent payments list each settled invoice once",
  );
});

test("after an API is deleted, gross volume still equals the node's settled invoices", async () => {
  await caller.apis.delete({ apiId: doomed.id });
  const node = await nodeSettledSats();
  const usage = await caller.usage.stats({ days: 7 });
  assert.equal(
    usage.totals.grossSats,
    node.sats,
    `the deleted API's settled sats (${8}) are still in gross volume: money received stays received`,
  );
  const sale = usage.sales.find((s) => s.pathPattern === "/*" && s.grossSats === 8);
  assert.ok(sale, "the deleted API's sale is still listed");
});
