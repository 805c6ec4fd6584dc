import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// Postgres' internal one-byte "char" type (OID 18: pg_class.relkind, pg_constraint.contype, …).
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type FieldList = { name: string; dataTypeID: number }[];

function relabelCharColumns(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const one of results) {
    const shaped = one as { fields?: FieldList; rows?: unknown[] } | undefined;
    const fields = shaped?.fields;
    if (!fields) continue;
    for (const field of fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    // Postgres 18 (PGlite) lists NOT NULL as pg_constraint rows (contype 'n'), which Prisma 6's
    // describer does not know and panics on. Nullability is read from pg_attribute anyway.
    const typeAt = fields.findIndex((field) => field.name === "constraint_type");
    if (typeAt >= 0 && Array.isArray(shaped.rows)) {
      shaped.rows = shaped.rows.filter((row) => !(Array.isArray(row) && row[typeAt] === "n"));
    }
  }
  return result;
}

/**
 * The Prisma 6.19 wasm schema engine reads catalog columns of type "char" while describing a
 * database (`migrate diff --from-migrations`), and @prisma/adapter-pg 7.10 refuses that type.
 * pg already returns those values as one-character strings; reporting them as text is exact.
 */
class CatalogFriendlyClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; we pass them all through.
  override query(...args: any[]): any {
    // Pool#query calls back; the adapter's transactions await a promise. Relabel in both.
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => last(error, relabelCharColumns(result));
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const pending = (super.query as (...a: any[]) => any)(...args);
    if (pending && typeof pending.then === "function") return pending.then(relabelCharColumns);
    return pending;
  }
}

type ShadowAwareFactory = Pick<PrismaPg, "provider" | "adapterName" | "connect" | "connectToShadowDb">;

export type MigrationAdapterOptions = {
  /** The database at `url` is disposable and empty: use it as the shadow database. */
  databaseIsScratch?: boolean;
};

/**
 * The driver adapter the Prisma CLI uses for migrations (prisma.config.ts). Fixes over a plain
 * `new PrismaPg(url)`:
 * - adapter-pg builds its shadow database by overriding `database` next to the `connectionString`,
 *   which wins, so the "shadow" is the real database and `migrate diff --from-migrations` would
 *   replay every migration onto it. Here the shadow is a real, separate, throwaway database;
 * - it drops that database only after closing its pool (adapter-pg drops first, which fails);
 * - catalog "char" columns are reported as text, and Postgres 18's NOT NULL constraint rows are
 *   hidden from Prisma's describer (see CatalogFriendlyClient);
 * - a migration runs as one script, atomically (see wholeScripts).
 */
export function createMigrationAdapter(
  url: string,
  options: MigrationAdapterOptions = {},
): ShadowAwareFactory {
  const config = poolConfigFromUrl(url);
  const main = new PrismaPg(config);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => wholeScripts(await main.connect()),
    async connectToShadowDb() {
      // A throwaway database (e.g. a fresh embedded PGlite, which serves one database whatever
      // name is asked for) may serve as its own shadow; the caller says so explicitly.
      if (options.databaseIsScratch) return wholeScripts(await main.connect());
      const database = `tollbooth_shadow_${randomUUID().replaceAll("-", "")}`;
      await runAdminStatement(config, `CREATE DATABASE "${database}"`);
      const shadow = wholeScripts(await new PrismaPg({ ...config, database }).connect());
      const reached = await shadow.queryRaw({ sql: "SELECT current_database()", args: [], argTypes: [] });
      if (reached.rows[0]?.[0] !== database) {
        await shadow.dispose();
        throw new Error(
          "This server cannot host a separate shadow database (embedded PGlite serves one database). " +
            "Diff against a throwaway server instead (see packages/db README).",
        );
      }
      const closeShadowPool = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await closeShadowPool();
        await runAdminStatement(config, `DROP DATABASE IF EXISTS "${database}"`);
      };
      return shadow;
    },
  };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * adapter-pg's executeScript (how migrations are applied) splits the script on every ";", which
 * cuts function bodies and string literals apart and runs each piece in its own transaction.
 * Sending the script as one simple-protocol query (no parameters) is what Postgres is built for:
 * any SQL works, and the whole migration commits or fails as one implicit transaction.
 */
function wholeScripts(adapter: PgAdapter): PgAdapter {
  adapter.executeScript = async (script: string) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

async function runAdminStatement(config: pg.PoolConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function poolConfigFromUrl(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || "postgres",
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
    ssl: sslFromUrl(parsed),
    Client: CatalogFriendlyClient,
    allowExitOnIdle: true,
    max: 4,
  };
}

function sslFromUrl(url: URL): pg.PoolConfig["ssl"] {
  const mode = url.searchParams.get("sslmode");
  if (!mode || mode === "disable") return undefined;
  // "require"/"prefer" encrypt without verifying, like libpq; "verify-*" verify.
  return mode.startsWith("verify") ? { rejectUnauthorized: true } : { rejectUnauthorized: false };
}
