import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser, type SessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { listCatalog } from "../src/server/catalog/list-catalog";
import { sealSecret } from "../src/server/secrets";
import { createCaller } from "../src/server/trpc/root";

/**
 * An API's lifecycle through the dashboard's procedures on real Postgres: publish / pause / resume
 * are audited; the default price for unmatched paths is stored on the API; a renamed or deleted
 * API's old slug stays reserved to its tenant for the grace period; deleting archives the API and
 * keeps its payments (challenges) and usage events.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
assert.match(new URL(databaseUrl).hostname, /^(127\.0\.0\.1|localhost|::1|\[::1\])$/);

const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
type Caller = ReturnType<typeof createCaller>;
let alice: SessionUser;
let bob: SessionUser;
let a: Caller;
let b: Caller;
let connectionId: string;

async function provider(label: string): Promise<SessionUser> {
  const s = await signUp(db, {
    email: `${label}-${run}@lifecycle.test`,
    password: "a long enough password",
    tenantName: `${label} ${run}`,
  });
  const user = await getSessionUser(db, s.token);
  assert.ok(user);
  return user;
}

const caller = (user: SessionUser) =>
  createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TRPCError, `expected a TRPCError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}

let n = 0;
const slug = (label: string) => `${label}-${run}-${++n}`;

async function newApi(c: Caller, s: string) {
  return c.apis.create({ name: `API ${s}`, slug: s, upstreamBaseUrl: "http://127.0.0.1:9" });
}

async function auditActions(tenantId: string, target: string) {
  const rows = await db.auditEvent.findMany({ where: { tenantId, target }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.action);
}

before(async () => {
  alice = await provider("alice");
  bob = await provider("bob");
  a = caller(alice);
  b = caller(bob);
  const tenantId = alice.tenants[0]!.id;
  const sealed = sealSecret(tenantId, "node_macaroon", `0201${randomBytes(20).toString("hex")}`);
  connectionId = (
    await db.lightningConnection.create({
      data: {
        tenantId,
        kind: "lnd",
        socket: "127.0.0.1:1",
        macaroonCipher: sealed.cipher,
        macaroonKeyVersion: sealed.keyVersion,
      },
    })
  ).id;
});
after(async () => {
  await db.$disconnect();
});

describe("publish, pause, resume", () => {
  test("a new API is a draft; publish, pause, resume and unpublish are explicit and audited", async () => {
    const s = slug("life");
    const api = await newApi(a, s);
    assert.equal(api.lifecycle, "draft");
    await db.api.update({ where: { id: api.id }, data: { lightningConnectionId: connectionId } });
    await a.apis.setPricingRules({ apiId: api.id, rules: [{ pathPattern: "/*", priceSats: 2 }] });
    await rejectsWith(a.apis.setPaused({ apiId: api.id, paused: true }), "BAD_REQUEST", /publish/i);
    assert.equal((await a.apis.setPublished({ apiId: api.id, published: true })).lifecycle, "published");
    const [listed] = await listCatalog(db, { sort: "name", slug: s });
    assert.deepEqual(
      listed?.defaultRoute,
      { kind: "refuse", priceSats: 0, callsPerToken: 1 },
      "no hidden price",
    );
    const paused = await a.apis.setPaused({ apiId: api.id, paused: true });
    assert.equal(paused.lifecycle, "paused");
    assert.equal((await listCatalog(db, { sort: "name", slug: s })).length, 0, "a paused API is not listed");
    assert.equal((await a.apis.setPaused({ apiId: api.id, paused: false })).lifecycle, "published");
    assert.equal((await a.apis.setPublished({ apiId: api.id, published: false })).lifecycle, "draft");
    assert.deepEqual(
      (await auditActions(alice.tenants[0]!.id, s)).filter((x) => x !== "api.pricing_updated"),
      ["api.created", "api.published", "api.paused", "api.resumed", "api.unpublished"],
    );
  });

  test("another tenant cannot pause someone else's API", async () => {
    const api = await newApi(a, slug("mine"));
    await rejectsWith(b.apis.setPaused({ apiId: api.id, paused: true }), "NOT_FOUND", /No such API/);
  });
});

describe("the default price for unmatched paths", () => {
  test("a new API refuses unmatched paths; the default is stored and shown", async () => {
    const api = await newApi(a, slug("dflt"));
    assert.deepEqual(api.defaultRoute, { kind: "refuse", priceSats: 0, callsPerToken: 1 });
    const priced = await a.apis.setPricingRules({
      apiId: api.id,
      rules: [{ pathPattern: "/x", priceSats: 2 }],
      defaultRoute: { kind: "per_call", priceSats: 3, callsPerToken: 4 },
    });
    assert.deepEqual(priced.defaultRoute, { kind: "per_call", priceSats: 3, callsPerToken: 4 });
    const row = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.equal(row.defaultKind, "per_call");
    assert.equal(row.defaultPriceSats, 3);
    // Leaving the default out keeps it.
    const kept = await a.apis.setPricingRules({ apiId: api.id, rules: [] });
    assert.equal(kept.defaultRoute.kind, "per_call");
  });

  test("a paid default needs a price of at least 1 sat (clear 400)", async () => {
    const api = await newApi(a, slug("bad"));
    await rejectsWith(
      a.apis.setPricingRules({
        apiId: api.id,
        rules: [],
        defaultRoute: { kind: "per_call", priceSats: 0, callsPerToken: 1 },
      }),
      "BAD_REQUEST",
      /at least 1 sat/,
    );
    await rejectsWith(
      a.apis.setPricingRules({
        apiId: api.id,
        rules: [],
        defaultRoute: { kind: "per_call", priceSats: 10_000_000, callsPerToken: 100_000 },
      }),
      "BAD_REQUEST",
      /at most 2,147,483,647 sats/,
    );
    await rejectsWith(
      // @ts-expect-error: a kind the editor never sends
      a.apis.setPricingRules({ apiId: api.id, rules: [], defaultRoute: { kind: "charge_double" } }),
      "BAD_REQUEST",
      /refuse, free or per_call/,
    );
  });
});

describe("slug grace period", () => {
  test("a renamed API's old slug stays reserved to its tenant; the same tenant may take it back", async () => {
    const oldSlug = slug("old");
    const newSlug = slug("new");
    const api = await newApi(a, oldSlug);
    await a.apis.renameSlug({ apiId: api.id, slug: newSlug });
    const reservation = await db.slugReservation.findUniqueOrThrow({ where: { slug: oldSlug } });
    assert.equal(reservation.reason, "renamed");
    assert.equal(reservation.apiId, api.id);
    const days = (reservation.expiresAt.getTime() - Date.now()) / 86400_000;
    assert.ok(days > 29.9 && days <= 30, `reserved for 30 days, got ${days}`);
    await rejectsWith(newApi(b, oldSlug), "CONFLICT", /reserved/);
    const bobsApi = await newApi(b, slug("bob"));
    await rejectsWith(b.apis.renameSlug({ apiId: bobsApi.id, slug: oldSlug }), "CONFLICT", /reserved/);
    assert.equal((await b.apis.checkSlug({ slug: oldSlug })).ok, false);
    assert.equal((await a.apis.checkSlug({ slug: oldSlug })).ok, true, "its own tenant may take it back");
    // Back to the old slug: the reservation goes, the new slug is reserved in its place.
    await a.apis.renameSlug({ apiId: api.id, slug: oldSlug });
    assert.equal(await db.slugReservation.count({ where: { slug: oldSlug } }), 0);
    assert.equal(
      (await db.slugReservation.findUniqueOrThrow({ where: { slug: newSlug } })).reason,
      "renamed",
    );
  });

  test("another tenant racing a rename for the old slug never gets it", async () => {
    for (let round = 0; round < 8; round++) {
      const oldSlug = slug("race");
      const api = await newApi(a, oldSlug);
      const [rename, grab] = await Promise.allSettled([
        a.apis.renameSlug({ apiId: api.id, slug: slug("race-new") }),
        newApi(b, oldSlug),
      ]);
      assert.equal(rename.status, "fulfilled", `round ${round}: the rename went through`);
      assert.equal(grab.status, "rejected", `round ${round}: bob must not get the slug`);
      assert.ok(grab.reason instanceof TRPCError && grab.reason.code === "CONFLICT", String(grab.reason));
      assert.equal(
        (await db.slugReservation.findUniqueOrThrow({ where: { slug: oldSlug } })).tenantId,
        alice.tenants[0]!.id,
      );
    }
  });

  test("after the grace period another tenant may take the slug", async () => {
    const oldSlug = slug("exp");
    const api = await newApi(a, oldSlug);
    await a.apis.renameSlug({ apiId: api.id, slug: slug("exp2") });
    await db.slugReservation.update({
      where: { slug: oldSlug },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const taken = await newApi(b, oldSlug);
    assert.equal(taken.slug, oldSlug);
    assert.equal(await db.slugReservation.count({ where: { slug: oldSlug } }), 0);
  });
});

describe("deleting archives", () => {
  test("deleting keeps challenges and usage events, hides the API, and reserves its slug", async () => {
    const s = slug("del");
    const tenantId = alice.tenants[0]!.id;
    const api = await newApi(a, s);
    await db.api.update({ where: { id: api.id }, data: { lightningConnectionId: connectionId } });
    await a.apis.setPricingRules({ apiId: api.id, rules: [{ pathPattern: "/*", priceSats: 5 }] });
    await a.apis.setPublished({ apiId: api.id, published: true });
    await db.challenge.create({
      data: {
        tenantId,
        apiId: api.id,
        lightningConnectionId: connectionId,
        paymentHash: randomBytes(32).toString("hex"),
        tokenId: randomBytes(32).toString("hex"),
        amountSats: 5,
        callsGranted: 1,
        bolt11: "lnbcrt50n1test",
        expiresAt: new Date(Date.now() + 600_000),
        state: "settled",
        settledAt: new Date(),
      },
    });
    await db.usageEvent.create({
      data: {
        id: randomUUID(),
        tenantId,
        apiId: api.id,
        method: "GET",
        route: "/*",
        status: 200,
        latencyMs: 3,
        sats: 5,
        msats: 5000n,
        occurredAt: new Date(),
      },
    });
    await a.apis.delete({ apiId: api.id });
    assert.equal(await db.challenge.count({ where: { apiId: api.id, tenantId } }), 1, "payments stay");
    assert.equal(await db.usageEvent.count({ where: { apiId: api.id, tenantId } }), 1, "usage events stay");
    assert.ok(!(await a.apis.list()).some((x) => x.id === api.id), "gone from the dashboard list");
    assert.equal((await listCatalog(db, { sort: "name", slug: s })).length, 0, "gone from the catalog");
    await rejectsWith(a.apis.get({ apiId: api.id }), "NOT_FOUND", /No such API/);
    await rejectsWith(a.apis.setPublished({ apiId: api.id, published: true }), "NOT_FOUND", /No such API/);
    const reservation = await db.slugReservation.findUniqueOrThrow({ where: { slug: s } });
    assert.equal(reservation.reason, "deleted");
    await rejectsWith(newApi(b, s), "CONFLICT", /reserved/);
    // Its own tenant may take the slug again for a new API.
    const again = await newApi(a, s);
    assert.equal(again.slug, s);
    assert.equal(await db.slugReservation.count({ where: { slug: s } }), 0);
    assert.deepEqual((await auditActions(tenantId, s)).slice(-2), ["api.deleted", "api.created"]);
  });
});
