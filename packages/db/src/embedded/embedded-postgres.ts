import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { acquireDataDirLock } from "./data-dir-lock";
import { serveWire } from "./wire-server";

export type EmbeddedPostgresOptions = {
  /** Directory holding the database files; created when missing, reused (data kept) when present. */
  dataDir: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /**
   * Client connections served at once. PGlite is one backend: it runs one client's query cycle
   * (or open transaction) at a time and queues the others' (client-cycle-queue.ts).
   */
  maxConnections?: number;
};

export type EmbeddedPostgres = {
  /** postgresql:// URL clients (pg, Prisma) connect to. */
  url: string;
  host: string;
  port: number;
  dataDir: string;
  /** Stops serving, flushes and closes the database, releases the data dir. Idempotent. */
  stop(): Promise<void>;
};

/**
 * Serves a PGlite (Postgres compiled to wasm) database over the Postgres wire protocol, so the
 * same code (pg, PrismaPg, migrations) runs against it and against a real server. It lives in
 * the calling process; only one process may open a data dir at a time (EmbeddedPostgresBusyError
 * otherwise, naming the URL of the one already serving it).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  await mkdir(options.dataDir, { recursive: true });
  const lock = await acquireDataDirLock(options.dataDir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir: options.dataDir });
    const server = await serveWire(db, {
      host,
      port: options.port ?? 0,
      maxConnections: options.maxConnections ?? 20,
    });
    const port = server.port;
    // PGlite has one database, "postgres", and accepts any user without a password.
    const url = `postgresql://postgres@${host}:${port}/postgres`;
    await lock.publish(url);
    const openDb = db;
    let stopped: Promise<void> | undefined;
    return {
      url,
      host,
      port,
      dataDir: options.dataDir,
      stop() {
        stopped ??= (async () => {
          try {
            await server.stop();
            await openDb.close();
          } finally {
            await lock.release();
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    await db?.close().catch(() => {});
    await lock.release();
    throw error;
  }
}
