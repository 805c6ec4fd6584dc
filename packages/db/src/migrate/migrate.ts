import { readdir } from "node:fs/promises";
import { migrationsDir, type PrismaCliOptions, runPrismaCliChecked, schemaPath } from "./prisma-cli";

export type MigrateOptions = {
  /** Target database; defaults to process.env.DATABASE_URL. */
  url?: string;
  /** Progress lines (the CLI's own output); default: none. */
  onLine?: (line: string) => void;
  /** Another migrations folder (packages/db's own tests); default prisma/migrations. */
  migrationsDir?: string;
};

/** Generates the Prisma client into packages/db/src/generated. Needs no database and no network. */
export async function generateClient(options: Pick<PrismaCliOptions, "onLine"> = {}): Promise<void> {
  await runPrismaCliChecked(["generate"], options);
}

/**
 * Applies every pending migration in prisma/migrations (`prisma migrate deploy`: never resets,
 * never generates). Safe to run on every start; a no-op when up to date.
 */
export async function migrate(options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (!url) throw new Error("migrate() needs a database URL (options.url or DATABASE_URL).");
  const result = await runPrismaCliChecked(["migrate", "deploy"], {
    databaseUrl: url,
    onLine: options.onLine,
    env: options.migrationsDir ? { TOLLBOOTH_MIGRATIONS_DIR: options.migrationsDir } : undefined,
  });
  // The CLI lists applied migrations as "└─ <name>/" lines.
  const applied = [...result.stdout.matchAll(/└─ (\d{14}_[\w-]+)\//g)].map((m) => m[1]!);
  return { applied };
}

/** Names of the migration directories, oldest first. */
export async function listMigrations(dir: string = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && /^\d{14}_/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** SQL that creates the whole schema from nothing (`migrate diff --from-empty`). */
export async function schemaCreationSql(options: { url: string; schema?: string }): Promise<string> {
  const result = await runPrismaCliChecked(
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", options.schema ?? schemaPath, "--script"],
    { databaseUrl: options.url },
  );
  return result.stdout;
}

export type SchemaDrift = { inSync: boolean; sql: string };

/**
 * What SQL would bring a database built by prisma/migrations to the shape of `schema`
 * (`migrate diff --from-migrations … --to-schema-datamodel … --exit-code`). Prisma replays the
 * migrations into a shadow database and compares:
 * - by default the shadow is a temporary database created (and dropped) on the real server at
 *   `url`, whose user may CREATE DATABASE; the database at `url` itself is not touched;
 * - with `scratchDatabase: true`, the database at `url` IS the shadow: it must be empty and
 *   disposable (a fresh embedded PGlite, which serves a single database).
 */
export async function diffMigrationsToSchema(options: {
  url: string;
  schema?: string;
  scratchDatabase?: boolean;
}): Promise<SchemaDrift> {
  const result = await runPrismaCliChecked(
    [
      "migrate",
      "diff",
      "--from-migrations",
      migrationsDir,
      "--to-schema-datamodel",
      options.schema ?? schemaPath,
      "--script",
      "--exit-code",
    ],
    {
      databaseUrl: options.url,
      okExitCodes: [0, 2],
      env: options.scratchDatabase ? { TOLLBOOTH_SCRATCH_DATABASE: "1" } : undefined,
    },
  );
  return { inSync: result.exitCode === 0, sql: result.stdout };
}
