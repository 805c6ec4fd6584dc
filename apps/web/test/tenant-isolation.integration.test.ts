// Over 300 lines: one fixture (Alice's API, wallet, pricing and usage; Bob and an anonymous
// caller probing them) shared by every isolation case; split, each file would rebuild it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser, type SessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { sealSecret } from "../src/server/secrets";
import type { TrpcContext } from "../src/server/trpc/init";
import { appRouter, createCaller } from "../src/server/trpc/root";

/**
 * Provider A can neither read nor change anything of provider B through any procedure, and no
 * procedure ever returns an upstream secret or a node macaroon (plaintext or ciphertext).
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
assert.match(
  new URL(databaseUrl).hostname,
  /^(127\.0\.0\.1|localhost|::1|\[::1\])$/,
  "tests only run on a local database",
);

const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
const UPSTREAM_SECRET = `upstream-secret-${randomBytes(12).toString("hex")}`;
const NODE_MACAROON = `0201036c6e6402${randomBytes(40).toString("hex")}`;

const OPENAPI = JSON.stringify({ openapi: "3.1.0", paths: { "/x": { get: { summary: "pwned" } } } });

type Caller = ReturnType<typeof createCaller>;
let userA: SessionUser;
let userB: SessionUser;
let a: Caller;
let b: Caller;
let anon: Caller;
let apiA: Awaited<ReturnType<Caller["apis"]["create"]>>;
let connectionA: string;
let keyA: string;
const outputsOfA: unknown[] = [];

function ctxFor(user: SessionUser | null): TrpcContext {
  return { db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false };
}

let sessionA: string;

async function provider(label: string): Promise<SessionUser> {
  const s = await signUp(db, {
    email: `${label}-${run}@isolation.test`,
    password: "a long enough password",
    tenantName: `${label} ${run}`,
  });
  if (label === "alice") sessionA = s.token;
  const user = await getSessionUser(db, s.token);
  assert.ok(user);
  return user;
}

async function rejectsNotFound(promise: Promise<unknown>, what: string) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TRPCError, `${what}: expected a TRPCError, got ${String(err)}`);
    assert.equal(err.code, "NOT_FOUND", `${what}: expected NOT_FOUND, got ${err.code}`);
    return true;
  });
}

before(async () => {
  userA = await provider("alice");
  userB = await provider("bob");
  a = createCaller(ctxFor(userA));
  b = createCaller(ctxFor(userB));
  anon = createCaller(ctxFor(null));
  apiA = await a.apis.create({
    name: "Alice Weather",
    slug: `alice-${run}`,
    description: "private to alice",
    category: "weather",
    upstreamBaseUrl: "http://127.0.0.1:9/v1",
    upstreamSecretHeader: "x-api-key",
    upstreamSecret: UPSTREAM_SECRET,
  });
  outputsOfA.push(apiA);
  const tenantA = userA.tenants[0]!.id;
  const sealed = sealSecret(tenantA, "node_macaroon", NODE_MACAROON);
  const conn = await db.lightningConnection.create({
    data: {
      tenantId: tenantA,
      kind: "lnd",
      socket: "127.0.0.1:1",
      macaroonCipher: sealed.cipher,
      macaroonKeyVersion: sealed.keyVersion,
    },
  });
  connectionA = conn.id;
  keyA = (await a.keys.create({ name: "alice's script", scope: "write" })).id;
  await db.api.update({ where: { id: apiA.id }, data: { lightningConnectionId: conn.id } });
  outputsOfA.push(
    await a.apis.setPricingRules({
      apiId: apiA.id,
      rules: [{ method: "GET", pathPattern: "/x", kind: "per_call", priceSats: 5 }],
    }),
  );
  await db.usageEvent.create({
    data: {
      id: crypto.randomUUID(),
      tenantId: tenantA,
      apiId: apiA.id,
      method: "GET",
      route: "/x",
      status: 200,
      latencyMs: 3,
      sats: 5,
      msats: 5000n,
      occurredAt: new Date(),
    },
  });
});

after(async () => {
  await db.$disconnect();
});

describe("provider B against provider A's things", () => {
  const tenantA = () => userA.tenants[0]!.id;
  // Every procedure of the router is listed here; a new procedure without an isolation case fails.
  const cases: Record<string, () => Promise<unknown>> = {
    "auth.me": async () => assert.equal((await b.auth.me())?.id, userB.id),
    "auth.signUp": async () => {
      // Signing up with A's address answers like any sign-up and changes nothing of A's.
      assert.deepEqual(await anon.auth.signUp({ email: userA.email, password: "another long password" }), {
        status: "check_email",
      });
      assert.equal((await getSessionUser(db, sessionA))?.id, userA.id);
    },
    "auth.confirmEmail": () =>
      assert.rejects(
        anon.auth.confirmEmail({ token: "A".repeat(43), password: "a long enough password" }),
        (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST",
      ),
    "auth.requestPasswordReset": async () => {
      // B can ask for A's reset: the link goes to A's mailbox; A stays signed in until A uses it.
      assert.deepEqual(await b.auth.requestPasswordReset({ email: userA.email }), { ok: true });
      assert.equal((await getSessionUser(db, sessionA))?.id, userA.id);
    },
    "auth.resetPassword": () =>
      assert.rejects(
        b.auth.resetPassword({ token: "A".repeat(43), password: "b wants alice's account" }),
        (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST",
      ),
    "auth.signIn": () =>
      assert.rejects(
        anon.auth.signIn({ email: userA.email, password: "not alice's password" }),
        (err: unknown) => err instanceof TRPCError && err.code === "UNAUTHORIZED",
      ),
    "auth.signOut": async () => {
      // B signing out ends B's session only; A's session token still resolves to A.
      const other = await signUp(db, {
        email: `bob2-${run}@isolation.test`,
        password: "a long enough password",
      });
      const caller = createCaller({
        ...ctxFor(await getSessionUser(db, other.token)),
        sessionToken: other.token,
      });
      await caller.auth.signOut();
      assert.equal(await getSessionUser(db, other.token), null);
      assert.equal((await getSessionUser(db, sessionA))?.id, userA.id);
    },
    "apis.list": async () => {
      assert.ok(!(await b.apis.list()).some((x) => x.id === apiA.id));
      await rejectsNotFound(b.apis.list({ tenantId: tenantA() }), "apis.list(A's tenant)");
    },
    "apis.get": () => rejectsNotFound(b.apis.get({ apiId: apiA.id }), "apis.get"),
    "apis.checkSlug": async () => assert.equal((await b.apis.checkSlug({ slug: apiA.slug })).ok, false),
    "apis.create": () =>
      rejectsNotFound(
        b.apis.create({
          tenantId: tenantA(),
          name: "Bob in A",
          slug: `bob-${run}`,
          upstreamBaseUrl: "http://127.0.0.1:9",
        }),
        "apis.create in A",
      ),
    "apis.update": () => rejectsNotFound(b.apis.update({ apiId: apiA.id, name: "pwned" }), "apis.update"),
    "apis.renameSlug": () =>
      rejectsNotFound(b.apis.renameSlug({ apiId: apiA.id, slug: `bob-${run}` }), "apis.renameSlug"),
    "apis.setUpstreamSecret": () =>
      rejectsNotFound(
        b.apis.setUpstreamSecret({ apiId: apiA.id, header: "x-api-key", secret: "bob" }),
        "apis.setUpstreamSecret",
      ),
    "apis.setOriginSigning": () =>
      rejectsNotFound(b.apis.setOriginSigning({ apiId: apiA.id, on: true }), "apis.setOriginSigning"),
    "apis.setPricingRules": () =>
      rejectsNotFound(b.apis.setPricingRules({ apiId: apiA.id, rules: [] }), "apis.setPricingRules"),
    "apis.setRouteDocs": async () => {
      const rule = (await a.apis.get({ apiId: apiA.id })).pricingRules[0]!;
      await rejectsNotFound(
        b.apis.setRouteDocs({ apiId: apiA.id, ruleId: rule.id, docs: { description: "pwned" } }),
        "apis.setRouteDocs",
      );
    },
    "apis.previewOpenApiImport": () =>
      rejectsNotFound(
        b.apis.previewOpenApiImport({
          apiId: apiA.id,
          document: OPENAPI,
          newRoutes: { kind: "free", priceSats: 0 },
        }),
        "apis.previewOpenApiImport",
      ),
    "apis.applyOpenApiImport": () =>
      rejectsNotFound(
        b.apis.applyOpenApiImport({
          apiId: apiA.id,
          document: OPENAPI,
          newRoutes: { kind: "free", priceSats: 0 },
          planHash: "0".repeat(64),
        }),
        "apis.applyOpenApiImport",
      ),
    "apis.setPublished": () =>
      rejectsNotFound(b.apis.setPublished({ apiId: apiA.id, published: true }), "apis.setPublished"),
    "apis.setPaused": () =>
      rejectsNotFound(b.apis.setPaused({ apiId: apiA.id, paused: true }), "apis.setPaused"),
    "apis.delete": () => rejectsNotFound(b.apis.delete({ apiId: apiA.id }), "apis.delete"),
    "apis.sendTestRequest": () =>
      rejectsNotFound(
        b.apis.sendTestRequest({ apiId: apiA.id, method: "GET", path: "/x" }),
        "apis.sendTestRequest",
      ),
    "keys.list": async () => {
      assert.ok(!(await b.keys.list()).some((k) => k.id === keyA));
      await rejectsNotFound(b.keys.list({ tenantId: tenantA() }), "keys.list(A's tenant)");
    },
    "keys.create": () =>
      rejectsNotFound(
        b.keys.create({ tenantId: tenantA(), name: "bob in A", scope: "write" }),
        "keys.create in A",
      ),
    "keys.revoke": async () => {
      await rejectsNotFound(b.keys.revoke({ keyId: keyA }), "keys.revoke");
      assert.equal((await db.apiKey.findUniqueOrThrow({ where: { id: keyA } })).revokedAt, null);
    },
    "lightning.list": async () => {
      assert.deepEqual(await b.lightning.list(), []);
      await rejectsNotFound(b.lightning.list({ tenantId: tenantA() }), "lightning.list(A's tenant)");
    },
    "lightning.simnetAvailable": async () =>
      assert.equal(typeof (await b.lightning.simnetAvailable()).available, "boolean"),
    "lightning.connectLnd": () =>
      rejectsNotFound(
        b.lightning.connectLnd({ tenantId: tenantA(), socket: "127.0.0.1:1", macaroon: "00".repeat(20) }),
        "lightning.connectLnd in A",
      ),
    "lightning.connectLnbits": () =>
      rejectsNotFound(
        b.lightning.connectLnbits({ tenantId: tenantA(), url: "http://127.0.0.1:1", key: "0".repeat(32) }),
        "lightning.connectLnbits in A",
      ),
    "lightning.connectNwc": () =>
      rejectsNotFound(
        b.lightning.connectNwc({
          tenantId: tenantA(),
          connectionString: `nostr+walletconnect://${"1".repeat(64)}?relay=ws%3A%2F%2F127.0.0.1%3A1&secret=${"2".repeat(64)}`,
        }),
        "lightning.connectNwc in A",
      ),
    "lightning.testLnbits": async () => {
      // Tests a wallet the caller names; it reads nothing of any team and saves nothing.
      const before = await db.lightningConnection.count();
      const check: unknown = await b.lightning
        .testLnbits({ url: "http://127.0.0.1:1", key: "0".repeat(32) })
        .catch((err: unknown) => err);
      const refused =
        check instanceof TRPCError ? check.code === "BAD_REQUEST" : (check as { ok?: boolean }).ok === false;
      assert.ok(refused, String(check));
      assert.equal(await db.lightningConnection.count(), before);
    },
    "lightning.createSimnetNode": () =>
      rejectsNotFound(
        b.lightning.createSimnetNode({ tenantId: tenantA() }),
        "lightning.createSimnetNode in A",
      ),
    "lightning.test": () =>
      rejectsNotFound(b.lightning.test({ connectionId: connectionA }), "lightning.test"),
    "lightning.remove": () =>
      rejectsNotFound(b.lightning.remove({ connectionId: connectionA }), "lightning.remove"),
    "receipts.list": () => rejectsNotFound(b.receipts.list({ apiId: apiA.id }), "receipts.list(A's api)"),
    "usage.stats": async () => {
      assert.equal((await b.usage.stats({ days: 7 })).totals.calls, 0);
      await rejectsNotFound(b.usage.stats({ apiId: apiA.id, days: 7 }), "usage.stats(A's api)");
      await rejectsNotFound(b.usage.stats({ tenantId: tenantA(), days: 7 }), "usage.stats(A's tenant)");
    },
    "usage.recentPayments": async () => {
      await rejectsNotFound(
        b.usage.recentPayments({ tenantId: tenantA(), limit: 5 }),
        "usage.recentPayments",
      );
      await rejectsNotFound(b.usage.recentPayments({ apiId: apiA.id, limit: 5 }), "recentPayments(A's api)");
    },
    "usage.recentCalls": async () => {
      assert.deepEqual(await b.usage.recentCalls({ limit: 5 }), []);
      await rejectsNotFound(b.usage.recentCalls({ tenantId: tenantA(), limit: 5 }), "usage.recentCalls");
      await rejectsNotFound(b.usage.recentCalls({ apiId: apiA.id, limit: 5 }), "recentCalls(A's api)");
    },
    "usage.audit": async () => {
      assert.ok((await b.usage.audit({ limit: 50 })).every((e) => e.target !== apiA.slug));
      await rejectsNotFound(b.usage.audit({ tenantId: tenantA(), limit: 5 }), "usage.audit");
    },
  };

  test("every procedure of the router has an isolation case", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    assert.deepEqual(procedures, Object.keys(cases).sort());
  });

  for (const [name, attempt] of Object.entries(cases)) {
    test(name, async () => {
      await attempt();
    });
  }

  test("A's API is untouched after all of B's attempts", async () => {
    const again = await a.apis.get({ apiId: apiA.id });
    outputsOfA.push(again);
    assert.equal(again.name, "Alice Weather");
    assert.equal(again.slug, apiA.slug);
    assert.equal(again.published, false);
    assert.equal(again.pricingRules.length, 1);
    assert.equal(again.upstreamSecretMasked !== null, true);
    assert.equal(await db.lightningConnection.count({ where: { id: connectionA } }), 1);
    assert.equal((await a.usage.stats({ days: 7 })).totals.calls, 1);
  });
});

describe("secrets never leave the server", () => {
  test("no output of any procedure contains the upstream secret or the node macaroon", async () => {
    outputsOfA.push(
      await a.apis.list(),
      await a.lightning.list(),
      await a.usage.audit({ limit: 50 }),
      await a.apis.setUpstreamSecret({ apiId: apiA.id, header: "x-api-key", secret: UPSTREAM_SECRET }),
      await a.apis.update({ apiId: apiA.id, description: "still alice" }),
    );
    const stored = await db.api.findUniqueOrThrow({ where: { id: apiA.id } });
    const conn = await db.lightningConnection.findUniqueOrThrow({ where: { id: connectionA } });
    assert.ok(
      stored.upstreamSecretCipher && stored.upstreamSecretCipher.length > 0,
      "the secret is stored, sealed",
    );
    assert.ok(
      !Buffer.from(stored.upstreamSecretCipher).toString("latin1").includes(UPSTREAM_SECRET),
      "stored as ciphertext",
    );
    const forbidden = [
      UPSTREAM_SECRET,
      NODE_MACAROON,
      Buffer.from(stored.upstreamSecretCipher).toString("base64"),
      Buffer.from(conn.macaroonCipher).toString("base64"),
      Buffer.from(conn.macaroonCipher).toString("hex"),
    ];
    const json = JSON.stringify(outputsOfA, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    for (const secret of forbidden)
      assert.ok(!json.includes(secret), "a secret leaked into a procedure's output");
    for (const field of ["upstreamSecretCipher", "macaroonCipher", "passwordHash", "tokenHash"]) {
      assert.ok(!json.includes(`"${field}"`), `${field} appears in an output`);
    }
  });

  test("signed-out callers get UNAUTHORIZED from every dashboard procedure", async () => {
    for (const call of [
      () => anon.apis.list(),
      () => anon.apis.get({ apiId: apiA.id }),
      () => anon.lightning.list(),
      () => anon.usage.stats({ days: 7 }),
      () => anon.usage.audit({ limit: 5 }),
    ]) {
      await assert.rejects(call(), (err: unknown) => err instanceof TRPCError && err.code === "UNAUTHORIZED");
    }
  });
});
