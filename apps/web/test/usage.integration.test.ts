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
    ],
  });
});

after(async () => {
  await db.$disconnect();
});

test("calls, sats and error rate per day and per route", async () => {
  const usage = await caller.usage.stats({ days: 7 });
  assert.equal(usage.byDay.length, 7);
  assert.deepEqual(usage.totals, { calls: 4, sats: 35, errors: 1, errorRate: 0.25 });
  const todayRow = usage.byDay.at(-1)!;
  assert.equal(todayRow.day, new Date().toISOString().slice(0, 10));
  assert.deepEqual([todayRow.calls, todayRow.sats, todayRow.errors], [3, 15, 1]);
  assert.deepEqual(
    usage.byRoute.map((r) => [r.route, r.calls, r.sats, r.errors]),
    [
      ["/b", 1, 20, 0],
      ["/a", 3, 15, 1],
    ],
  );
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
