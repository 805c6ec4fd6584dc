import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";

/**
 * The development builder wallet behind Try it's "Pay with test wallet" is shared by every
 * anonymous visitor: it must not pay a published API's 300,000-sat invoice, nor pay without end.
 * Real Postgres, a real simnet (provider node + builder wallet), the real /api/try/pay handler.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
const slug = `caps-${run}`;
let dir: string;
let simnet: RunningSimnet;
let provider: LightningBackend;
let builder: LightningBackend;
let apiId: string;
let tenantId: string;
let connectionId: string;
let POST: (req: Request) => Promise<Response>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "web-caps-"));
  simnet = await startSimnet({ dataDir: dir, grpcPort: 0, adminPort: 0, builderFundingSats: 1_000_000 });
  process.env.TOLLBOOTH_SIMNET_ADMIN = simnet.adminUrl;
  process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN = simnet.adminToken;
  // Small limits so the test reaches them quickly; the cap itself stays at its default (1,000).
  process.env.TRYIT_VISITOR_PAYMENTS_PER_WINDOW = "3";
  process.env.TRYIT_GLOBAL_SATS_PER_WINDOW = "2500";
  ({ handleTryPay: POST } = await import("../src/server/tryit/pay-route"));
  const admin = simnetAdmin(simnet.adminUrl, simnet.adminToken);
  const node = await admin.createNode(`caps-${run}`);
  provider = createLndBackend({ socket: node.socket, tlsCert: node.tlsCert, macaroon: node.macaroon });
  const b = await admin.builder();
  builder = createLndBackend({ socket: b.socket, tlsCert: b.tlsCert, macaroon: b.adminMacaroon });
  const tenant = await db.tenant.create({ data: { name: `Caps ${run}` } });
  tenantId = tenant.id;
  const conn = await db.lightningConnection.create({
    data: {
      tenantId,
      kind: "simnet",
      socket: node.socket,
      tlsCert: node.tlsCert,
      macaroonCipher: Buffer.from([1]),
      macaroonKeyVersion: 1,
    },
  });
  connectionId = conn.id;
  const api = await db.api.create({
    data: {
      tenantId,
      slug,
      name: `Caps ${run}`,
      upstreamBaseUrl: "http://127.0.0.1:9",
      published: true,
      lightningConnectionId: conn.id,
    },
  });
  apiId = api.id;
});

after(async () => {
  await db.$disconnect();
  await new Promise((r) => setTimeout(r, 200));
  await closeLndClients();
  await simnet?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** An invoice from the provider's node, recorded as a pending challenge the gateway issued. */
async function issuedInvoice(amountSats: number): Promise<{ bolt11: string; paymentHash: string }> {
  const invoice = await provider.createInvoice({ amountSats, memo: "caps test", expirySeconds: 600 });
  await db.challenge.create({
    data: {
      tenantId,
      apiId,
      lightningConnectionId: connectionId,
      paymentHash: invoice.paymentHash,
      tokenId: randomBytes(32).toString("hex"),
      amountSats,
      callsGranted: 1,
      bolt11: invoice.bolt11,
      expiresAt: invoice.expiresAt,
    },
  });
  return { bolt11: invoice.bolt11, paymentHash: invoice.paymentHash };
}

function pay(bolt11: string, visitor: string) {
  return POST(
    new Request("http://localhost:3000/api/try/pay", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost:3000",
        "x-forwarded-for": visitor,
      },
      body: JSON.stringify({ slug, invoice: bolt11 }),
    }),
  );
}

async function builderBalance(): Promise<number> {
  if (!builder.balance) throw new Error("the builder backend reports no balance");
  return (await builder.balance()).sats;
}

test("an anonymous visitor cannot make the builder wallet pay a 300,000-sat invoice", async () => {
  const before = await builderBalance();
  const invoice = await issuedInvoice(300_000);
  const res = await pay(invoice.bolt11, "198.51.100.1");
  assert.equal(res.status, 403);
  const body = (await res.json()) as { error: string; message: string };
  assert.equal(body.error, "price_above_cap");
  assert.match(body.message, /1,000 sats/);
  assert.equal((await provider.lookupInvoice(invoice.paymentHash)).state, "pending", "nothing was paid");
  assert.equal(await builderBalance(), before);
});

test("a visitor is limited in payments per window; another visitor is not", async () => {
  const visitor = "198.51.100.2";
  for (let i = 0; i < 3; i++) {
    const res = await pay((await issuedInvoice(10)).bolt11, visitor);
    assert.equal(res.status, 200, await res.clone().text());
  }
  const fourth = await issuedInvoice(10);
  const refused = await pay(fourth.bolt11, visitor);
  assert.equal(refused.status, 429);
  assert.equal(((await refused.json()) as { error: string }).error, "rate_limited");
  assert.match(refused.headers.get("retry-after") ?? "", /^\d+$/);
  assert.equal((await provider.lookupInvoice(fourth.paymentHash)).state, "pending");

  const other = await pay(fourth.bolt11, "198.51.100.3");
  assert.equal(other.status, 200, "the limit is per visitor");
});

test("all visitors together are limited in sats per window", async () => {
  // 40 sats are spent above; 2,500 per window in all: two 1,000-sat payments fit, a third does not.
  for (const visitor of ["203.0.113.1", "203.0.113.2"]) {
    const res = await pay((await issuedInvoice(1_000)).bolt11, visitor);
    assert.equal(res.status, 200, await res.clone().text());
  }
  const third = await issuedInvoice(1_000);
  const refused = await pay(third.bolt11, "203.0.113.3");
  assert.equal(refused.status, 429);
  assert.equal(((await refused.json()) as { error: string }).error, "rate_limited");
  assert.equal((await provider.lookupInvoice(third.paymentHash)).state, "pending");
});
