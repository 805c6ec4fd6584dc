import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createPgPool } from "@tollbooth/db";
import { ChallengeStore, type NewChallenge } from "../src/store/challenge-store";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must point at a migrated database");

describe("challenge store on Postgres", () => {
  const db = createPgPool(url, { max: 2 });
  const store = new ChallengeStore(db);
  const tenantId = randomUUID();
  const apiId = randomUUID();
  const connectionId = randomUUID();
  const ruleId = randomUUID();
  before(async () => {
    await db.query("INSERT INTO tenants (id, name) VALUES ($1, 'store test')", [tenantId]);
    await db.query(
      "INSERT INTO lightning_connections (id, tenant_id, kind, socket, macaroon_cipher, macaroon_key_version) VALUES ($1, $2, 'simnet', '127.0.0.1:1', '\\x00', 1)",
      [connectionId, tenantId],
    );
    await db.query(
      "INSERT INTO apis (id, tenant_id, slug, name, upstream_base_url, lightning_connection_id, updated_at) VALUES ($1, $2, $3, 'Store', 'http://example.com', $4, now())",
      [apiId, tenantId, `store-${randomBytes(4).toString("hex")}`, connectionId],
    );
    await db.query(
      "INSERT INTO pricing_rules (id, api_id, position, method, path_pattern, kind, price_sats, calls_per_token) VALUES ($1, $2, 0, '*', '/x', 'per_call', 3, 2)",
      [ruleId, apiId],
    );
  });
  after(async () => {
    await db.query("DELETE FROM apis WHERE id = $1", [apiId]);
    await db.query("DELETE FROM lightning_connections WHERE id = $1", [connectionId]);
    await db.query("DELETE FROM tenants WHERE id = $1", [tenantId]);
    await db.end();
  });

  const challenge = (i: number): NewChallenge => ({
    tenantId,
    apiId,
    connectionId,
    paymentHash: randomBytes(32).toString("hex"),
    tokenId: randomBytes(32).toString("hex"),
    pricingRuleId: i % 2 === 0 ? ruleId : null,
    serviceSlug: `store-slug-${i}`,
    sold:
      i % 2 === 0
        ? { method: "GET", pathPattern: `/x/${i}`, kind: "per_call", priceSats: 3, passSeconds: null }
        : { method: "*", pathPattern: "/pass/*", kind: "time_pass", priceSats: 3 + i, passSeconds: 60 + i },
    amountSats: 3 + i,
    callsGranted: 2 + i,
    bolt11: `lnbcrt${i}n1test`,
    expiresAt: new Date(Date.UTC(2026, 10, 21, 0, 0, i, 5)),
    rootKeyCipher: randomBytes(60 + i),
    rootKeyVersion: 1 + i,
  });

  it("a batch stores every challenge and root key as given, row by row", async () => {
    const batch = Array.from({ length: 7 }, (_, i) => challenge(i));
    await store.insertMany(batch);
    for (const c of batch) {
      const found = await store.find(c.tokenId, apiId);
      assert.ok(found, c.tokenId);
      assert.deepEqual(found, {
        keyCipher: Buffer.from(c.rootKeyCipher),
        keyVersion: c.rootKeyVersion,
        tenantId,
        state: "pending",
        paymentHash: c.paymentHash,
        connectionId,
        serviceSlug: c.serviceSlug,
        sold: c.sold,
        receipted: false,
      });
      const row = (
        await db.query(
          "SELECT amount_sats, calls_granted, bolt11, expires_at FROM challenges WHERE token_id = $1",
          [c.tokenId],
        )
      ).rows[0];
      assert.deepEqual(row, {
        amount_sats: c.amountSats,
        calls_granted: c.callsGranted,
        bolt11: c.bolt11,
        expires_at: c.expiresAt,
      });
    }
  });

  it("a token found after its payment's receipt is stored says so (the paywall then asks no more)", async () => {
    const c = challenge(20);
    await store.insertMany([c]);
    await db.query(
      `INSERT INTO receipts (id, tenant_id, api_id, payment_hash, token_id, body, signature, kid)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, '{}', 'sig', 'kid')`,
      [tenantId, apiId, c.paymentHash, c.tokenId],
    );
    assert.equal((await store.find(c.tokenId, apiId))?.receipted, true);
  });

  it("a batch is all or nothing: one duplicate payment hash stores none of it", async () => {
    const stored = challenge(0);
    await store.insertMany([stored]);
    const batch = [challenge(1), { ...challenge(2), paymentHash: stored.paymentHash }, challenge(3)];
    await assert.rejects(store.insertMany(batch));
    for (const c of batch) assert.equal(await store.find(c.tokenId, apiId), null);
  });
});
