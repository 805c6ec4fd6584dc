import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createDb, type Db, disconnectAllDbs } from "../src/client";
import { Prisma } from "../src/generated/client";
import { SecretBoxError } from "../src/secrets/errors";
import { createSecretBox } from "../src/secrets/secret-box";
import { recordUsageEvents, type UsageEventInput } from "../src/usage-events";
import { openTestDatabase, queryOnce, type TestDatabase } from "./support/test-database";

// Shared database (DATABASE_URL) or a private embedded one: every row here uses random ids/slugs.
let database: TestDatabase;
let db: Db;
before(async () => {
  database = await openTestDatabase();
  db = createDb(database.url);
});
after(async () => {
  await disconnectAllDbs();
  await database.close();
});

const suffix = () => randomBytes(5).toString("hex");

async function tenantWithApi() {
  const tenant = await db.tenant.create({ data: { name: `tenant-${suffix()}` } });
  const api = await db.api.create({
    data: {
      tenantId: tenant.id,
      slug: `api-${suffix()}`,
      name: "Weather",
      upstreamBaseUrl: "https://example.com",
    },
  });
  return { tenant, api };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

const box = createSecretBox({
  current: { version: 3, key: randomBytes(32) },
  byVersion: new Map([[3, randomBytes(32)]]),
});

describe("data rules the database enforces", () => {
  it("an API slug is unique across all tenants", async () => {
    const { api } = await tenantWithApi();
    const other = await db.tenant.create({ data: { name: `other-${suffix()}` } });
    await assert.rejects(
      db.api.create({
        data: { tenantId: other.id, slug: api.slug, name: "Copy", upstreamBaseUrl: "https://x.test" },
      }),
      isUniqueViolation,
    );
    const count = await db.api.count({ where: { slug: api.slug } });
    assert.equal(count, 1);
  });

  it("a payment hash is unique per Lightning connection, not across nodes", async () => {
    const { tenant, api } = await tenantWithApi();
    const sealed = box.encrypt({
      tenantId: tenant.id,
      field: "lightning_connections.macaroon",
      plaintext: "mac",
    });
    const node = (socket: string) =>
      db.lightningConnection.create({
        data: {
          tenantId: tenant.id,
          kind: "simnet",
          socket,
          macaroonCipher: sealed.cipher,
          macaroonKeyVersion: sealed.keyVersion,
        },
      });
    const [nodeA, nodeB] = [await node("127.0.0.1:10009"), await node("127.0.0.1:10010")];
    const paymentHash = randomBytes(32).toString("hex");
    const challenge = (lightningConnectionId: string) =>
      db.challenge.create({
        data: {
          tenantId: tenant.id,
          apiId: api.id,
          lightningConnectionId,
          paymentHash,
          tokenId: randomBytes(32).toString("hex"),
          amountSats: 21,
          callsGranted: 1,
          bolt11: "lnbcrt210n1ptest",
          expiresAt: new Date(Date.now() + 600_000),
        },
      });
    await challenge(nodeA.id);
    await assert.rejects(challenge(nodeA.id), isUniqueViolation);
    await challenge(nodeB.id); // the same hash on another node is a different invoice
    assert.equal(await db.challenge.count({ where: { paymentHash } }), 2);
  });

  it("a usage event stored twice under one id is counted once", async () => {
    const { tenant, api } = await tenantWithApi();
    const event = (id: string): UsageEventInput => ({
      id,
      tenantId: tenant.id,
      apiId: api.id,
      method: "GET",
      route: "/v1/forecast",
      tokenId: randomBytes(32).toString("hex"),
      status: 200,
      latencyMs: 12,
      sats: 5,
      msats: 5000n,
      occurredAt: new Date(),
    });
    const first = event(randomUUID());
    const second = event(randomUUID());
    assert.equal(await recordUsageEvents(db, [first, first, second]), 2);
    assert.equal(await recordUsageEvents(db, [first]), 0, "a retried event is not new");
    assert.equal(await recordUsageEvents(db, []), 0);

    const totals = await db.usageEvent.aggregate({
      where: { apiId: api.id },
      _count: true,
      _sum: { sats: true, msats: true },
    });
    assert.equal(totals._count, 2);
    assert.equal(totals._sum.sats, 10);
    assert.equal(totals._sum.msats, 10_000n);
  });

  it("a secret round-trips through a real row and stays bound to its tenant and field", async () => {
    const { tenant, api } = await tenantWithApi();
    const field = "apis.upstream_secret";
    const sealed = box.encrypt({ tenantId: tenant.id, field, plaintext: "sk_live_upstream_key" });
    await db.api.update({
      where: { id: api.id },
      data: {
        upstreamSecretHeader: "x-api-key",
        upstreamSecretCipher: sealed.cipher,
        upstreamSecretKeyVersion: sealed.keyVersion,
      },
    });

    // Read back through pg directly too: what is stored is ciphertext, never the secret.
    const raw = await queryOnce<{ cipher: Buffer }>(
      database.url,
      "SELECT upstream_secret_cipher AS cipher FROM apis WHERE id = $1",
      [api.id],
    );
    assert.ok(!raw.rows[0]!.cipher.toString("latin1").includes("sk_live"));

    const row = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.ok(row.upstreamSecretCipher);
    const opened = box.decrypt({
      tenantId: row.tenantId,
      field,
      cipher: row.upstreamSecretCipher,
      keyVersion: row.upstreamSecretKeyVersion ?? undefined,
    });
    assert.equal(opened, "sk_live_upstream_key");

    const other = await db.tenant.create({ data: { name: `thief-${suffix()}` } });
    const refuses = (input: Parameters<typeof box.decrypt>[0]) =>
      assert.throws(
        () => box.decrypt(input),
        (e: unknown) => e instanceof SecretBoxError && e.code === "decrypt_failed",
      );
    refuses({ tenantId: other.id, field, cipher: row.upstreamSecretCipher });
    refuses({
      tenantId: row.tenantId,
      field: "lightning_connections.macaroon",
      cipher: row.upstreamSecretCipher,
    });
    refuses({
      tenantId: row.tenantId,
      field,
      cipher: row.upstreamSecretCipher.subarray(0, row.upstreamSecretCipher.length - 4),
    });
  });
});
