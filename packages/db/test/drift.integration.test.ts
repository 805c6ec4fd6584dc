import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { diffMigrationsToSchema, migrate, schemaCreationSql } from "../src/migrate/migrate";
import { schemaPath } from "../src/migrate/prisma-cli";
import { resetPublicSchema, runSql, snapshotCatalog } from "./support/catalog-snapshot";
import { queryOnce, realServerUrl, startTempEmbedded, type TestDatabase } from "./support/test-database";

// Two ways schema.prisma and prisma/migrations drift apart, each must be caught.
const drifts: { name: string; edit: (schema: string) => string; expect: RegExp }[] = [
  {
    name: "a column added to the schema without a migration",
    edit: (s) => s.replace("  passwordHash String ", "  nickname     String?\n  passwordHash String "),
    expect: /nickname/,
  },
  {
    name: "an index removed from the schema without a migration",
    edit: (s) => s.replace("  @@index([tenantId, occurredAt])\n", ""),
    expect: /usage_events_tenant_id_occurred_at_idx/,
  },
];

let scratch: string;
before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "tollbooth-drift-"));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function driftedSchema(drift: (typeof drifts)[number], index: number): Promise<string> {
  const original = await readFile(schemaPath, "utf8");
  const edited = drift.edit(original);
  assert.notEqual(edited, original, `the "${drift.name}" edit must change the schema`);
  const file = path.join(scratch, `drifted-${index}.prisma`);
  await writeFile(file, edited);
  return file;
}

describe("schema.prisma and prisma/migrations agree (embedded PGlite)", () => {
  let db: TestDatabase;
  before(async () => {
    db = await startTempEmbedded();
  });
  after(() => db.close());

  const buildFromSchema = async (schema: string) => {
    await resetPublicSchema(db.url);
    await runSql(db.url, await schemaCreationSql({ url: db.url, schema }));
    return snapshotCatalog(db.url);
  };

  // Independent of Prisma's own diff: build the database twice, from the migrations and from the
  // schema, and compare what Postgres' catalog says about both.
  it("catalogs: the database the migrations build equals the one the schema describes; drift is detected", async () => {
    await migrate({ url: db.url });
    const fromMigrations = await snapshotCatalog(db.url);
    assert.ok(fromMigrations.columns.length > 50, "the snapshot must see the tables");

    const fromSchema = await buildFromSchema(schemaPath);
    assert.deepEqual(
      fromMigrations,
      fromSchema,
      "prisma/schema.prisma and prisma/migrations disagree: run `npm run migration:create -w @tollbooth/db -- <name>`",
    );

    for (const [index, drift] of drifts.entries()) {
      const drifted = await buildFromSchema(await driftedSchema(drift, index));
      assert.notDeepEqual(drifted, fromMigrations, `the check must notice ${drift.name}`);
      const changed = [...Object.values(drifted).flat(), ...Object.values(fromMigrations).flat()].filter(
        (line) => drift.expect.test(line),
      );
      assert.ok(changed.length > 0);
    }
  });

  it("prisma migrate diff (the scratch PGlite as shadow) finds no difference, and finds each drift", async () => {
    await resetPublicSchema(db.url);
    const clean = await diffMigrationsToSchema({ url: db.url, scratchDatabase: true });
    assert.equal(clean.inSync, true, `schema.prisma and the migrations disagree:\n${clean.sql}`);
    for (const [index, drift] of drifts.entries()) {
      await resetPublicSchema(db.url);
      const result = await diffMigrationsToSchema({
        url: db.url,
        schema: await driftedSchema(drift, index),
        scratchDatabase: true,
      });
      assert.equal(result.inSync, false, `prisma migrate diff must notice ${drift.name}`);
      assert.match(result.sql, drift.expect);
    }
  });
});

const realUrl = await realServerUrl();
if (realUrl) {
  describe("schema.prisma and prisma/migrations agree (real Postgres, prisma migrate diff)", () => {
    const shadowDatabases = async () =>
      (
        await queryOnce<{ name: string }>(
          realUrl,
          "SELECT datname AS name FROM pg_database WHERE datname LIKE 'tollbooth_shadow_%'",
        )
      ).rows.map((r) => r.name);

    it("`migrate diff --from-migrations` finds no difference, and finds each drift", async () => {
      const shadowsBefore = await shadowDatabases();
      const clean = await diffMigrationsToSchema({ url: realUrl });
      assert.equal(clean.inSync, true, `schema.prisma and the migrations disagree:\n${clean.sql}`);
      for (const [index, drift] of drifts.entries()) {
        const result = await diffMigrationsToSchema({
          url: realUrl,
          schema: await driftedSchema(drift, index),
        });
        assert.equal(result.inSync, false, `prisma migrate diff must notice ${drift.name}`);
        assert.match(result.sql, drift.expect);
      }
      assert.deepEqual(await shadowDatabases(), shadowsBefore, "shadow databases are dropped after use");
    });
  });
}
