import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { ApiHealthSchema } from "@tollbooth/contract";
import { createDb } from "@tollbooth/db";
import { GET as catalogGet } from "../src/app/api/catalog/route";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { healthHours } from "../src/server/health/health-figures";
import { createCaller } from "../src/server/trpc/root";

/**
 * Upstream health as the hub shows it, on real Postgres: the figures of `/api/catalog`'s `health`
 * from check rows as the gateways write them (seeded here with known values; the expected figures
 * are computed in the test from those rows), the state the gateway concluded, the empty state
 * before any check, and the provider's health path refused unless it is one plain path.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let caller: ReturnType<typeof createCaller>;
const ids: Record<string, string> = {};

interface Seed {
  hoursAgo: number;
  ok: boolean;
  latencyMs: number;
}
// Deterministic but irregular: some failures, latencies spread, in and out of the 24 h window.
const seeds: Seed[] = Array.from({ length: 90 }, (_, i) => ({
  hoursAgo: (i * 7.3) % (24 * 29),
  ok: i % 7 !== 3 && i % 11 !== 5,
  latencyMs: 20 + ((i * 37) % 180),
}));

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
}

async function catalog(): Promise<Array<{ slug: string; health: unknown }>> {
  const res = await catalogGet(new Request(`http://hub.test/api/catalog?q=${run}&limit=100`));
  assert.equal(res.status, 200);
  return (await res.json()).apis;
}

before(async () => {
  const s = await signUp(db, {
    email: `health-${run}@it.test`,
    password: "a long enough password",
    tenantName: `Health ${run}`,
  });
  const user = (await getSessionUser(db, s.token))!;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
  const conn = await db.lightningConnection.create({
    data: {
      tenantId: user.tenants[0]!.id,
      kind: "simnet",
      socket: "127.0.0.1:1",
      macaroonCipher: Buffer.from([1]),
      macaroonKeyVersion: 1,
    },
  });
  for (const name of ["seeded", "fresh"]) {
    const api = await caller.apis.create({
      name: `Health ${name} ${run}`,
      slug: `health-${name}-${run}`,
      category: "data",
      upstreamBaseUrl: "http://127.0.0.1:9",
    });
    await db.api.update({ where: { id: api.id }, data: { lightningConnectionId: conn.id } });
    await caller.apis.setPricingRules({
      apiId: api.id,
      rules: [{ method: "GET", pathPattern: "/free", kind: "free", priceSats: 0 }],
    });
    await caller.apis.setPublished({ apiId: api.id, published: true });
    ids[name] = api.id;
  }
  const apiId = ids.seeded!;
  for (const seed of seeds) {
    await db.$executeRaw`INSERT INTO api_health_checks (api_id, checked_at, ok, latency_ms, status)
      VALUES (${apiId}::uuid, now() - ${`${seed.hoursAgo * 3600} seconds`}::interval, ${seed.ok}, ${seed.latencyMs},
              ${seed.ok ? 200 : null})`;
  }
  // Older than 30 days: outside every figure.
  await db.$executeRaw`INSERT INTO api_health_checks (api_id, checked_at, ok, latency_ms)
    VALUES (${apiId}::uuid, now() - interval '30 days 2 hours', false, 9999)`;
  await db.$executeRaw`INSERT INTO api_health (api_id, state, fail_streak, changed_at, last_checked_at)
    VALUES (${apiId}::uuid, 'down', 2, now(), now())`;
});
after(async () => {
  await db.$disconnect();
});

test("catalog health: uptime 24 h / 30 d and p50 from the checks, the state from the gateway", async () => {
  const entry = (await catalog()).find((a) => a.slug === `health-seeded-${run}`);
  assert.ok(entry, "the seeded API is listed");
  const health = ApiHealthSchema.parse(entry.health);
  const day = seeds.filter((s) => s.hoursAgo < 24);
  assert.ok(day.length >= 3 && day.some((s) => !s.ok), "the seeds must exercise the 24 h window");
  assert.equal(health.status, "down");
  assert.ok(Math.abs(health.uptime_24h! - day.filter((s) => s.ok).length / day.length) < 1e-9);
  assert.ok(Math.abs(health.uptime_30d! - seeds.filter((s) => s.ok).length / seeds.length) < 1e-9);
  assert.equal(health.latency_p50_ms, Math.round(median(day.filter((s) => s.ok).map((s) => s.latencyMs))!));
  assert.ok(health.checked_at !== null && Date.now() - Date.parse(health.checked_at) < 60_000);
});

test("catalog health before any check: unknown, no figures", async () => {
  const entry = (await catalog()).find((a) => a.slug === `health-fresh-${run}`);
  assert.deepEqual(entry?.health, {
    status: "unknown",
    uptime_24h: null,
    uptime_30d: null,
    latency_p50_ms: null,
    checked_at: null,
  });
});

test("hourly figures: one row per hour with checks, uptime of that hour", async () => {
  const hours = await healthHours(db, ids.seeded!, 24);
  const day = seeds.filter((s) => s.hoursAgo < 24);
  assert.equal(
    hours.reduce((n, h) => n + h.checks, 0),
    day.length,
  );
  const ok = hours.reduce((n, h) => n + h.uptime * h.checks, 0);
  assert.ok(Math.abs(ok - day.filter((s) => s.ok).length) < 1e-9);
  assert.ok(hours.every((h, i) => i === 0 || h.hour > hours[i - 1]!.hour));
});

test("the health path: saved when it is one plain path, refused with a message otherwise", async () => {
  const apiId = ids.fresh!;
  await caller.apis.update({ apiId, healthPath: "/healthz" });
  assert.equal((await db.api.findUniqueOrThrow({ where: { id: apiId } })).healthPath, "/healthz");
  for (const bad of [
    "http://169.254.169.254/",
    "//evil.example/x",
    "/../admin",
    "/x?y=1",
    "/@evil",
    "/%2e",
    "/items/:id",
    "/v1/*",
    "health",
    `/${"a".repeat(400)}`,
  ]) {
    await assert.rejects(caller.apis.update({ apiId, healthPath: bad }), (err: { code?: string }) => {
      assert.equal(err.code, "BAD_REQUEST", bad);
      return true;
    });
  }
  assert.equal((await db.api.findUniqueOrThrow({ where: { id: apiId } })).healthPath, "/healthz");
  await caller.apis.update({ apiId, healthPath: "" });
  assert.equal((await db.api.findUniqueOrThrow({ where: { id: apiId } })).healthPath, null);
});
