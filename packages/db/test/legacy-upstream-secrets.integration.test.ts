import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { createDb, type Db, disconnectAllDbs } from "../src/client";
import { bindLegacyUpstreamSecrets } from "../src/secrets/bind-legacy-upstream-secrets";
import { SecretBoxError } from "../src/secrets/errors";
import { createSecretBox } from "../src/secrets/secret-box";
import { openTestDatabase, type TestDatabase } from "./support/test-database";

// A key of this file's own: rows other files write with other keys do not open with it, so the
// step leaves them alone and the assertions below only see this file's rows.
const key = { version: 1, key: randomBytes(32) };
const box = createSecretBox({ current: key, byVersion: new Map([[1, key.key]]) });
const field = "apis.upstream_secret";

let database: TestDatabase;
let db: Db;
let sql: pg.Client;
before(async () => {
  database = await openTestDatabase();
  db = createDb(database.url);
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
});
after(async () => {
  await sql.end();
  await disconnectAllDbs();
  await database.close();
});

async function legacyApi(upstreamBaseUrl: string) {
  const tenant = await db.tenant.create({ data: { name: `legacy-${randomBytes(4).toString("hex")}` } });
  const sealed = box.encrypt({ tenantId: tenant.id, field, plaintext: "sk_legacy" });
  return db.api.create({
    data: {
      tenantId: tenant.id,
      slug: `legacy-${randomBytes(5).toString("hex")}`,
      name: "Legacy",
      upstreamBaseUrl,
      upstreamSecretHeader: "x-api-key",
      upstreamSecretCipher: sealed.cipher,
      upstreamSecretKeyVersion: sealed.keyVersion,
    },
  });
}

describe("upstream secrets sealed before origin binding", () => {
  it("bind: re-sealed for the API's current origin only, with an audit event", async () => {
    const api = await legacyApi("https://api.example.com/v1");
    const report = await bindLegacyUpstreamSecrets(sql, box, "bind");
    assert.ok(report.bound >= 1);
    const row = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    const cipher = row.upstreamSecretCipher!;
    assert.equal(cipher[0], 0x02);
    const where = { tenantId: api.tenantId, field, cipher };
    assert.equal(box.decrypt({ ...where, binding: "https://api.example.com" }), "sk_legacy");
    assert.throws(
      () => box.decrypt({ ...where, binding: "https://attacker.example" }),
      (e: unknown) => e instanceof SecretBoxError && e.code === "decrypt_failed",
    );
    const audit = await db.auditEvent.findMany({ where: { tenantId: api.tenantId } });
    assert.deepEqual(
      audit.map((a) => [a.action, a.target, a.details]),
      [["api.upstream_secret_bound", api.slug, { origin: "https://api.example.com" }]],
    );
    // A second run finds nothing of this row to do.
    await bindLegacyUpstreamSecrets(sql, box, "bind");
    const again = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.deepEqual(Buffer.from(again.upstreamSecretCipher!), Buffer.from(cipher));
  });

  it("clear: the legacy secret is deleted and the deletion audited", async () => {
    const api = await legacyApi("https://api.example.org");
    await bindLegacyUpstreamSecrets(sql, box, "clear");
    const row = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.equal(row.upstreamSecretCipher, null);
    assert.equal(row.upstreamSecretKeyVersion, null);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { tenantId: api.tenantId } });
    assert.equal(audit.action, "api.upstream_secret_cleared");
  });

  it("a legacy secret that does not open with the configured keys is left untouched", async () => {
    const api = await legacyApi("https://api.example.net");
    const otherKey = { version: 1, key: randomBytes(32) };
    const other = createSecretBox({ current: otherKey, byVersion: new Map([[1, otherKey.key]]) });
    const report = await bindLegacyUpstreamSecrets(sql, other, "bind");
    assert.ok(report.unopenable >= 1);
    const row = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.equal(row.upstreamSecretCipher![0], 0x01);
  });
});
