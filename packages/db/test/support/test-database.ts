import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/embedded/embedded-postgres";
import { migrate } from "../../src/migrate/migrate";

export type TestDatabase = { url: string; close(): Promise<void> };

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Refuses a DATABASE_URL that is not on this machine: tests create and drop things. */
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!loopbackHosts.has(host))
    throw new Error(`Refusing to run tests against non-local database host ${host}.`);
}

/**
 * DATABASE_URL when set (the root test runner points it at a freshly migrated database shared
 * by several files: create your own rows, never truncate). Otherwise an embedded PGlite in a
 * temp dir, migrated, removed on close().
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const shared = process.env.DATABASE_URL;
  if (shared) {
    assertLocalDatabase(shared);
    return { url: shared, close: async () => {} };
  }
  const embedded = await startTempEmbedded();
  await migrate({ url: embedded.url });
  return embedded;
}

export async function startTempEmbedded(): Promise<TestDatabase & { dataDir: string }> {
  const root = await mkdtemp(path.join(tmpdir(), "tollbooth-db-test-"));
  const dataDir = path.join(root, "postgres");
  const embedded = await startEmbeddedPostgres({ dataDir });
  return {
    url: embedded.url,
    dataDir,
    async close() {
      await embedded.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function queryOnce<T extends pg.QueryResultRow>(url: string, sql: string, values?: unknown[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<T>(sql, values);
  } finally {
    await client.end();
  }
}

/** True for a real Postgres server, false for the embedded PGlite (one database, no CREATE DATABASE use). */
export async function isRealPostgresServer(url: string): Promise<boolean> {
  const { rows } = await queryOnce<{ version: string }>(url, "SELECT version() AS version");
  return !rows[0]!.version.includes("PGlite");
}

/** A brand-new empty database on the server at `url`; drop() removes it. */
export async function createThrowawayDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tollbooth_test_${randomBytes(6).toString("hex")}`;
  await queryOnce(url, `CREATE DATABASE "${name}"`);
  const throwaway = new URL(url);
  throwaway.pathname = `/${name}`;
  return {
    url: throwaway.toString(),
    drop: async () => {
      await queryOnce(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** DATABASE_URL when it names a real server (CI, .ci/run), else undefined. */
export async function realServerUrl(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  assertLocalDatabase(url);
  return (await isRealPostgresServer(url)) ? url : undefined;
}
