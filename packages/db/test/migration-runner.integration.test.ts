import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { migrate } from "../src/migrate/migrate";
import { PrismaCliError } from "../src/migrate/prisma-cli";
import { resetPublicSchema } from "./support/catalog-snapshot";
import {
  createThrowawayDatabase,
  queryOnce,
  realServerUrl,
  startTempEmbedded,
  type TestDatabase,
} from "./support/test-database";

// How `migrate` applies a migration file, on a scratch migrations folder.
let folders: string;
before(async () => {
  folders = await mkdtemp(path.join(tmpdir(), "tollbooth-migrations-"));
});
after(() => rm(folders, { recursive: true, force: true }));

async function migrationsFolder(name: string, migrations: Record<string, string>): Promise<string> {
  const dir = path.join(folders, name);
  for (const [migration, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, migration), { recursive: true });
    await writeFile(path.join(dir, migration, "migration.sql"), sql);
  }
  await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  return dir;
}

const withSemicolons = {
  "20260101000000_function": `
CREATE TABLE "counter" ("n" INTEGER NOT NULL);
INSERT INTO "counter" VALUES (0);
-- A plpgsql body full of ";" and a string literal holding one.
CREATE FUNCTION "bump"() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "counter" SET "n" = "n" + 1;
  RETURN 'bumped; ok';
END
$$;
`,
};

const failingHalfway = {
  "20260101000000_broken": `
CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);
INSERT INTO "half_done" VALUES (1);
SELECT "no_such_column" FROM "half_done";
`,
};

async function assertRunsWholeScripts(url: string) {
  const dir = await migrationsFolder(`ok-${Math.random().toString(36).slice(2)}`, withSemicolons);
  const { applied } = await migrate({ url, migrationsDir: dir });
  assert.deepEqual(applied, ["20260101000000_function"]);
  const { rows } = await queryOnce<{ result: string }>(url, `SELECT "bump"() AS result`);
  assert.equal(rows[0]!.result, "bumped; ok");
}

async function assertFailedMigrationLeavesNothing(url: string) {
  const dir = await migrationsFolder(`bad-${Math.random().toString(36).slice(2)}`, failingHalfway);
  await assert.rejects(migrate({ url, migrationsDir: dir }), (error: unknown) => {
    assert.ok(error instanceof PrismaCliError);
    assert.match(error.message, /no_such_column/);
    return true;
  });
  const { rows } = await queryOnce<{ exists: boolean }>(
    url,
    `SELECT to_regclass('public.half_done') IS NOT NULL AS exists`,
  );
  assert.equal(rows[0]!.exists, false, "a failed migration must not leave its first statements applied");
}

describe("applying migration files (embedded PGlite)", () => {
  let db: TestDatabase;
  before(async () => {
    db = await startTempEmbedded();
  });
  after(() => db.close());

  it("runs a migration as one script: semicolons inside function bodies and strings are fine", async () => {
    await assertRunsWholeScripts(db.url);
  });

  it("a migration that fails halfway leaves nothing behind", async () => {
    await resetPublicSchema(db.url);
    await assertFailedMigrationLeavesNothing(db.url);
  });
});

const realUrl = await realServerUrl();
if (realUrl) {
  describe("applying migration files (real Postgres)", () => {
    it("runs whole scripts and applies each migration atomically", async () => {
      const first = await createThrowawayDatabase(realUrl);
      const second = await createThrowawayDatabase(realUrl);
      try {
        await assertRunsWholeScripts(first.url);
        await assertFailedMigrationLeavesNothing(second.url);
      } finally {
        await first.drop();
        await second.drop();
      }
    });
  });
}
