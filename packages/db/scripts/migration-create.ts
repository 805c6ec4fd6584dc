// npm run migration:create -w @tollbooth/db -- <name>
// Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that takes the
// existing migrations to prisma/schema.prisma. Review it before committing; edit it only to
// add what Prisma cannot express (then the drift test tells you if the result disagrees).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, listMigrations } from "../src/migrate/migrate";
import { migrationsDir } from "../src/migrate/prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9][a-z0-9_]{0,60}$/.test(name)) {
  console.error(
    "Usage: npm run migration:create -w @tollbooth/db -- <name>   (name: lowercase letters, digits, _)",
  );
  process.exit(2);
}
const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "migration:create replays the migrations into a temporary shadow database, which needs a real\n" +
      "Postgres server (the embedded PGlite serves a single database). Point DATABASE_URL at one, e.g.\n" +
      "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run migration:create -w @tollbooth/db -- " +
      name,
  );
  process.exit(2);
}

const drift = await diffMigrationsToSchema({ url });
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
