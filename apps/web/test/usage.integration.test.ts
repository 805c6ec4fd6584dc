import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { getSessionUser, type SessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

/** The dashboard's numbers on real Postgres: per day, per route, served calls only. */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let user: SessionUser;
let caller: ReturnType<typeof createCaller>;
let apiId: string;

before(async () => {
  const s = await signUp(db, { email: `usage-${run}@it.test`, password: "a long enough password" });
  user = (await getSessionUser(db, s.token))!;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
  apiId = (
    await caller.apis.create({
      name: "Usage API",
      slug: `usage-${run}`,
      upstreamBaseUrl: "http://127.0.0.1:9",
    })
  ).id;
  const tenantId = user.tenants[0]!.id;
  const today = new Date();
  const yesterday = new Date(Date.now() - 86400_000);
  const event = (route: string, status: number, sats: number, occurredAt: Date) => ({
    id: randomUUID(),
    tenantId,
    apiId,
    method: "GET",
    route,
    status,
    latencyMs: 5,
    sats,
    msats: BigInt(sats * 1000),
    free: sats === 0,
    occurredAt,
  });
  await db.usageEvent.createMany({
    data: [
      event("/a", 402, 0, today), // a challenge: not a served call
      event("/a", 200, 5, today),
      event("/a", 200, 5, today),
      event("/a", 502, 5, today),
      event("/b", 200, 20, yesterday),
      event("/b", 401, 0, yesterday), // a refused credential: not a served call
      // The gateway's own refusal (the provider's node down): nothing reached the upstream.
      { ...event("/a", 503, 0, today), forwarded: false },
    ],
  });
});

after(async () => {
  await db.$disconnect();
});

test("calls and error rate per day and per route; no invoices, no gross volume", async () => {
  const usage = await caller.usage.stats({ days: 7 });
  assert.equal(usage.byDay.length, 7);
  assert.deepEqual(usage.totals, {
    grossSats: 0,
    invoices: 0,
    calls: 4,
    creditedCalls: 0,
    creditedSats: 0,
    errors: 1,
    errorRate: 0.25,
  });
  const todayRow = usage.byDay.at(-1)!;
  assert.equal(todayRow.day, new Date().toISOString().slice(0, 10));
  assert.deepEqual([todayRow.calls, todayRow.grossSats, todayRow.errors], [3, 0, 1]);
  assert.deepEqual(
    usage.byRoute.map((r) => [r.route, r.calls, r.errors]),
    [
      ["/a", 3, 1],
      ["/b", 1, 0],
    ],
  );
});

test("gross volume is settled invoices by settlement time: bundles and passes in full, pending never", async () => {
  const tenantId = user.tenants[0]!.id;
  const connection = await db.lightningConnection.create({
    data: {
      tenantId,
      kind: "simnet",
      socket: "127.0.0.1:1",
      macaroonCipher: Buffer.from([0]),
      macaroonKeyVersion: 1,
    },
  });
  const sale = (
    state: "settled" | "pending",
    amountSats: number,
    sold: {
      method: string;
      pathPattern: string;
      kind: "per_call" | "time_pass";
      priceSats: number;
      calls: number;
    },
    settledAt: Date | null,
  ) => ({
    tenantId,
    apiId,
    lightningConnectionId: connection.id,
    paymentHash: randomBytes(32).toString("hex"),
    tokenId: randomBytes(32).toString("hex"),
    serviceSlug: `usage-${run}`,
    soldMethod: sold.method,
    soldPathPattern: sold.pathPattern,
    soldKind: sold.kind,
    priceSats: sold.priceSats,
    passSeconds: sold.kind === "time_pass" ? 3600 : null,
    amountSats,
    callsGranted: sold.calls,
    bolt11: "lnbcrt1test",
    expiresAt: new Date(Date.now() + 600_000),
    state,
    settledAt,
  });
  const bundle = { method: "GET", pathPattern: "/a", kind: "per_call" as const, priceSats: 10, calls: 10 };
  const pass = { method: "*", pathPattern: "/p/*", kind: "time_pass" as const, priceSats: 50, calls: 0 };
  const yesterday = new Date(Date.now() - 86400_000);
  const credited = sale("settled", 100, bundle, new Date());
  await db.challenge.createMany({
    data: [
      credited,
      sale("settled", 100, bundle, yesterday),
      sale("settled", 50, pass, new Date()),
      sale("pending", 100, bundle, null), // an unpaid invoice is no revenue
      sale("settled", 100, bundle, new Date(Date.now() - 30 * 86400_000)), // outside the window
    ],
  });
  // A paid call given back after an upstream failure: its token, 0 sats, a 5xx.
  const creditEventId = randomUUID();
  await db.usageEvent.create({
    data: {
      id: creditEventId,
      tenantId,
      apiId,
      method: "GET",
      route: "/a",
      tokenId: credited.tokenId,
      status: 502,
      latencyMs: 5,
      sats: 0,
      occurredAt: new Date(),
    },
  });
  const usage = await caller.usage.stats({ days: 7 });
  assert.deepEqual(
    [usage.totals.grossSats, usage.totals.invoices, usage.totals.creditedCalls, usage.totals.creditedSats],
    [250, 3, 1, 10],
  );
  assert.deepEqual(
    [usage.byDay.at(-1)!.grossSats, usage.byDay.at(-2)!.grossSats],
    [150, 100],
    "counted on the day each invoice settled",
  );
  assert.deepEqual(
    usage.sales.map((s) => [s.method, s.pathPattern, s.label, s.invoices, s.grossSats]),
    [
      ["GET", "/a", "10 calls for 100 sats", 2, 200],
      ["*", "/p/*", "1 hour pass for 50 sats", 1, 50],
    ],
  );
  const payments = await caller.usage.recentPayments({ limit: 10 });
  assert.deepEqual(payments.map((p) => p.label).sort(), [
    "1 hour pass for 50 sats",
    "10 calls for 100 sats",
    "10 calls for 100 sats",
    "10 calls for 100 sats",
  ]);
  await db.usageEvent.delete({ where: { id: creditEventId } }); // the tests below count calls
});

test("recent calls leave out challenges and refusals", async () => {
  const calls = await caller.usage.recentCalls({ limit: 20 });
  assert.deepEqual(calls.map((c) => c.status).sort(), [200, 200, 200, 502]);
});

test("recent calls name their API", async () => {
  const calls = await caller.usage.recentCalls({ limit: 20 });
  assert.deepEqual(new Set(calls.map((c) => c.apiSlug)), new Set([`usage-${run}`]));
});

test("deleting an API archives it: its usage events stay in the totals", async () => {
  const tenantId = user.tenants[0]!.id;
  const other = await caller.apis.create({
    name: "Doomed API",
    slug: `doomed-${run}`,
    upstreamBaseUrl: "http://127.0.0.1:9",
  });
  await db.usageEvent.create({
    data: {
      id: randomUUID(),
      tenantId,
      apiId: other.id,
      method: "GET",
      route: "/x",
      status: 200,
      latencyMs: 1,
      occurredAt: new Date(),
    },
  });
  const before = await db.usageEvent.count({ where: { tenantId } });
  const callsBefore = (await caller.usage.stats({ days: 7 })).totals.calls;
  await caller.apis.delete({ apiId: other.id });
  assert.equal(await db.usageEvent.count({ where: { apiId: other.id } }), 1);
  assert.equal(await db.usageEvent.count({ where: { tenantId } }), before);
  assert.equal((await caller.usage.stats({ days: 7 })).totals.calls, callsBefore);
});
