/**
 * The provider's receipts list and the hub's keys document, on real Postgres through the web's own
 * tRPC procedures: a team sees its API's receipts newest first, page by page, each one verifying
 * under the published key; another team sees none of them and cannot name the API; a bad cursor
 * is a 400. The keys document derives the public half of TOLLBOOTH_RECEIPT_KEY and merges
 * TOLLBOOTH_RECEIPT_PUBLIC_KEYS, and a bad value is named, never echoed.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { ReceiptSigner, verifyReceipt } from "@tollbooth/receipts";
import { TRPCError } from "@trpc/server";
import { getSessionUser, type SessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { publishedReceiptKeys, receiptKeysResponse } from "../src/server/receipts/published-keys";
import { createCaller } from "../src/server/trpc/root";

const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
assert.match(new URL(databaseUrl).hostname, /^(127\.0\.0\.1|localhost|::1|\[::1\])$/);
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
const { privateKey } = generateKeyPairSync("ed25519");
const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const signer = new ReceiptSigner(privateKey);

type Caller = ReturnType<typeof createCaller>;
let a: Caller;
let b: Caller;
let apiA: { id: string; slug: string };
let apiB: { id: string; slug: string };
const issuedA: string[] = [];

async function provider(label: string): Promise<{ user: SessionUser; caller: Caller }> {
  const s = await signUp(db, { email: `${label}-${run}@receipts.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  return {
    user,
    caller: createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false }),
  };
}

/** A receipt as the gateway writes it: signed, one row per payment hash. */
async function issue(tenantId: string, api: { id: string; slug: string }, sats: number, createdAt: Date) {
  const signed = signer.sign({
    api: api.slug,
    scope: { method: "GET", path: "/x" },
    kind: "per_call",
    sats,
    calls: 1,
    seconds: null,
    payment_hash: randomBytes(32).toString("hex"),
    settled_at: createdAt.toISOString(),
    issued_at: createdAt.toISOString(),
  });
  await db.receipt.create({
    data: {
      tenantId,
      apiId: api.id,
      paymentHash: signed.receipt.payment_hash,
      tokenId: randomUUID(),
      body: signed.receipt,
      signature: signed.signature,
      kid: signer.kid,
      createdAt,
    },
  });
  return signed.encoded;
}

before(async () => {
  const alice = await provider("alice");
  const bob = await provider("bob");
  a = alice.caller;
  b = bob.caller;
  apiA = await a.apis.create({
    name: "Receipts A",
    slug: `rca-${run}`,
    upstreamBaseUrl: "http://127.0.0.1:9/v1",
  });
  apiB = await b.apis.create({
    name: "Receipts B",
    slug: `rcb-${run}`,
    upstreamBaseUrl: "http://127.0.0.1:9/v1",
  });
  const base = Date.parse("2026-12-01T10:00:00.000Z");
  // Five for A (two share an instant: the cursor breaks the tie by id), one for B.
  for (const [i, offset] of [0, 1, 2, 2, 3].entries()) {
    issuedA.push(await issue(alice.user.tenants[0]!.id, apiA, 10 + i, new Date(base + offset * 1000)));
  }
  await issue(bob.user.tenants[0]!.id, apiB, 99, new Date(base));
});
after(async () => {
  await db.$disconnect();
});

describe("provider receipts", () => {
  test("a team pages through its API's receipts newest first; each verifies under the published key", async () => {
    const keys = publishedReceiptKeys({ TOLLBOOTH_RECEIPT_KEY: pem });
    const seen: string[] = [];
    const times: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await a.receipts.list({ apiId: apiA.id, limit: 2, ...(cursor ? { cursor } : {}) });
      for (const r of page.receipts) {
        assert.ok(verifyReceipt(r.encoded, keys).ok, "a listed receipt verifies");
        seen.push(r.encoded);
        times.push(r.createdAt);
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    assert.equal(seen.length, 5);
    assert.deepEqual(new Set(seen), new Set(issuedA), "each receipt exactly once, none of another team's");
    assert.deepEqual(times, [...times].sort().reverse(), "newest first");
  });

  test("another team cannot list them or learn the API exists; its own list holds only its own", async () => {
    await assert.rejects(b.receipts.list({ apiId: apiA.id }), (err: unknown) => {
      assert.ok(err instanceof TRPCError);
      assert.equal(err.code, "NOT_FOUND");
      return true;
    });
    const own = await b.receipts.list({ apiId: apiB.id });
    assert.equal(own.receipts.length, 1);
    assert.equal(own.receipts[0]!.receipt.sats, 99);
    await assert.rejects(
      a.receipts.list({ apiId: apiB.id }),
      (err: unknown) => (err as TRPCError).code === "NOT_FOUND",
    );
  });

  test("a malformed cursor is a 400, an API without receipts an empty page", async () => {
    await assert.rejects(a.receipts.list({ apiId: apiA.id, cursor: "bm90LWEtY3Vyc29y" }), (err: unknown) => {
      assert.equal((err as TRPCError).code, "BAD_REQUEST");
      return true;
    });
    const empty = await a.apis.create({
      name: "Receipts E",
      slug: `rce-${run}`,
      upstreamBaseUrl: "http://127.0.0.1:9/v1",
    });
    assert.deepEqual(await a.receipts.list({ apiId: empty.id }), { receipts: [], nextCursor: null });
  });
});

describe("the hub's receipt keys", () => {
  test("derived from the private key, merged with published public keys, deduplicated", async () => {
    const retired = new ReceiptSigner(generateKeyPairSync("ed25519").privateKey).publicKey;
    const res = receiptKeysResponse({
      TOLLBOOTH_RECEIPT_KEY: pem,
      TOLLBOOTH_RECEIPT_PUBLIC_KEYS: `${retired.publicKey}, ${signer.publicKey.publicKey}`,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const doc = (await res.json()) as { keys: { kid: string; alg: string; public_key: string }[] };
    assert.deepEqual(doc.keys, [
      { kid: signer.kid, alg: "Ed25519", public_key: signer.publicKey.publicKey },
      { kid: retired.kid, alg: "Ed25519", public_key: retired.publicKey },
    ]);
    assert.deepEqual(publishedReceiptKeys({}), []);
  });

  test("a bad value names its variable and never echoes it", () => {
    const secretish = `s3cret-${run}`;
    for (const env of [{ TOLLBOOTH_RECEIPT_KEY: secretish }, { TOLLBOOTH_RECEIPT_PUBLIC_KEYS: secretish }]) {
      assert.throws(
        () => publishedReceiptKeys(env),
        (err: unknown) => /TOLLBOOTH_RECEIPT_/.test(String(err)) && !String(err).includes(secretish),
      );
    }
  });
});
