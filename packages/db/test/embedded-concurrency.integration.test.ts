import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { startTempEmbedded, type TestDatabase } from "./support/test-database";

// The embedded server is one PGlite backend shared by every client connection. Two pools sending
// extended-protocol queries (Parse/Bind/Execute/Sync, how pg and Prisma send parameters) at once
// must each get their own answers: no "unnamed prepared statement does not exist", no
// 'portal "" does not exist', no row meant for the other client.
describe("embedded Postgres under concurrent clients", () => {
  let db: TestDatabase;
  let web: pg.Pool;
  let gateway: pg.Pool;
  before(async () => {
    db = await startTempEmbedded();
    web = new pg.Pool({ connectionString: db.url, max: 5 });
    gateway = new pg.Pool({ connectionString: db.url, max: 5 });
    await web.query(
      `CREATE TABLE "ledger" ("id" SERIAL PRIMARY KEY, "owner" TEXT NOT NULL, "n" INTEGER NOT NULL)`,
    );
  });
  after(async () => {
    await web?.end();
    await gateway?.end();
    await db?.close();
  });

  it("answers each client's parameterised queries with its own rows", async () => {
    const rounds = 200;
    const ask = (pool: pg.Pool, owner: string) =>
      Array.from({ length: rounds }, async (_, i) => {
        const { rows } = await pool.query<{ owner: string; n: number }>(
          `SELECT $1::text AS "owner", $2::int AS "n"`,
          [owner, i],
        );
        assert.deepEqual(rows, [{ owner, n: i }]);
      });
    await Promise.all([...ask(web, "web"), ...ask(gateway, "gateway")]);
  });

  it("keeps each client's transaction whole while the other queries", async () => {
    const writer = (pool: pg.Pool, owner: string) =>
      Array.from({ length: 20 }, async (_, i) => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query(`INSERT INTO "ledger" ("owner", "n") VALUES ($1, $2)`, [owner, i]);
          await client.query(`INSERT INTO "ledger" ("owner", "n") VALUES ($1, $2)`, [owner, -i]);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      });
    const reader = Array.from({ length: 100 }, async () => {
      const { rows } = await gateway.query<{ sum: string | null }>(
        `SELECT sum("n")::text AS "sum" FROM "ledger" WHERE "owner" = $1`,
        ["web"],
      );
      // Each transaction adds i and -i: a reader never sees half of one.
      assert.equal(Number(rows[0]?.sum ?? 0), 0);
    });
    await Promise.all([...writer(web, "web"), ...writer(gateway, "gateway"), ...reader]);
    const { rows } = await web.query<{ count: string }>(`SELECT count(*)::text AS "count" FROM "ledger"`);
    assert.equal(Number(rows[0]?.count), 80);
  });

  it("a failed statement in one client does not break the other client's queries", async () => {
    const failing = Array.from({ length: 50 }, () =>
      assert.rejects(web.query(`SELECT 1 / $1::int AS "x"`, [0]), /division by zero/),
    );
    const working = Array.from({ length: 50 }, async (_, i) => {
      const { rows } = await gateway.query<{ x: number }>(`SELECT $1::int + 1 AS "x"`, [i]);
      assert.equal(rows[0]?.x, i + 1);
    });
    await Promise.all([...failing, ...working]);
  });
});
