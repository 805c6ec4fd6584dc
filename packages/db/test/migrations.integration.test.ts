import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { EmbeddedPostgresBusyError, readDataDirLock } from "../src/embedded/data-dir-lock";
import { startEmbeddedPostgres } from "../src/embedded/embedded-postgres";
import { listMigrations, migrate } from "../src/migrate/migrate";
import { createThrowawayDatabase, queryOnce, realServerUrl } from "./support/test-database";

const expectedTables = [
  "api_events",
  "api_health",
  "api_health_checks",
  "api_keys",
  "api_quotes",
  "apis",
  "audit_events",
  "auth_throttles",
  "auth_tokens",
  "challenges",
  "free_tier_usage",
  "lightning_connections",
  "pricing_rules",
  "receipts",
  "root_keys",
  "sessions",
  "slug_reservations",
  "tenant_members",
  "tenants",
  "token_consumption",
  "usage_events",
  "users",
];

async function tablesIn(url: string): Promise<string[]> {
  const { rows } = await queryOnce<{ name: string }>(
    url,
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

async function appliedMigrations(url: string): Promise<string[]> {
  const { rows } = await queryOnce<{ name: string }>(
    url,
    "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

async function assertMigratesFromZero(url: string): Promise<void> {
  assert.deepEqual(await tablesIn(url), [], "the database must start empty");
  const all = await listMigrations();
  assert.ok(all.length >= 1);
  const first = await migrate({ url });
  assert.deepEqual(first.applied, all);
  assert.deepEqual(await tablesIn(url), expectedTables);
  assert.deepEqual(await appliedMigrations(url), all);
  const second = await migrate({ url });
  assert.deepEqual(second.applied, [], "a second migrate is a no-op");
}

describe("migrations on the embedded PGlite server", () => {
  it("apply from zero; data survives a restart on the same data dir; one process per data dir", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "tollbooth-migrate-"));
    const dataDir = path.join(root, "postgres");
    try {
      const first = await startEmbeddedPostgres({ dataDir });
      let tenantName: string;
      try {
        await assertMigratesFromZero(first.url);
        tenantName = `restart-${randomUUID()}`;
        await queryOnce(first.url, "INSERT INTO tenants (id, name) VALUES ($1, $2)", [
          randomUUID(),
          tenantName,
        ]);

        // While it serves, the data dir is taken, and the lock tells where it is served.
        assert.equal((await readDataDirLock(dataDir))?.url, first.url);
        await assert.rejects(startEmbeddedPostgres({ dataDir }), (error: unknown) => {
          assert.ok(error instanceof EmbeddedPostgresBusyError);
          assert.equal(error.url, first.url);
          return true;
        });
      } finally {
        await first.stop();
      }
      assert.equal(await readDataDirLock(dataDir), undefined, "stop() releases the data dir");

      const second = await startEmbeddedPostgres({ dataDir });
      try {
        const { rows } = await queryOnce<{ n: number }>(
          second.url,
          "SELECT count(*)::int AS n FROM tenants WHERE name = $1",
          [tenantName],
        );
        assert.equal(rows[0]!.n, 1);
        assert.deepEqual((await migrate({ url: second.url })).applied, []);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

// Only when DATABASE_URL names a real server (CI and .ci/run do; the embedded path is above).
const realUrl = await realServerUrl();
if (realUrl) {
  describe("migrations on the real Postgres server at DATABASE_URL", () => {
    it("apply from zero on a brand-new database", async () => {
      const throwaway = await createThrowawayDatabase(realUrl);
      try {
        await assertMigratesFromZero(throwaway.url);
      } finally {
        await throwaway.drop();
      }
    });
  });
}
