// npm run migration:create -w @tollbooth/db -- <name>
// Writes prisma/migrations/<stamp>_<name>/migration.sql with the SQL that takes the existing
// migrations to prisma/schema.prisma. Prisma replays the migrations into a throwaway embedded
// PGlite (no server needed, DATABASE_URL never touched). Review the SQL before committing.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../src/embedded/embedded-postgres";
import { diffMigrationsToSchema, listMigrations } from "../src/migrate/migrate";
import { migrationsDir } from "../src/migrate/prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9][a-z0-9_]{0,60}$/.test(name)) {
  console.error(
    "Usage: npm run migration:create -w @tollbooth/db -- <name>   (name: lowercase letters, digits, _)",
  );
  process.exit(2);
}

const scratch = await mkdtemp(path.join(tmpdir(), "tollbooth-migration-create-"));
let drift: Awaited<ReturnType<typeof diffMigrationsToSchema>>;
try {
  const shadow = await startEmbeddedPostgres({ dataDir: path.join(scratch, "pg") });
  try {
    drift = await diffMigrationsToSchema({ url: shadow.url, scratchDatabase: true });
  } finally {
    await shadow.stop();
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

if (drift.inSync) {
  console.log("prisma/schema.prisma already matches the migrations: nothing to create.");
  process.exit(0);
}
// Prisma applies migrations in name order: the new one must sort after every existing one,
// even one stamped in the future by a clock or a hand-written name.
const now = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const latest = (await listMigrations()).at(-1)?.slice(0, 14);
const stamp = latest && latest >= now ? String(BigInt(latest) + 1n) : now;
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), drift.sql);
console.log(`Created ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}:\n\n${drift.sql}`);
