import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;

const clients = new Map<string, Db>();

function resolveUrl(url: string | undefined, caller: string): string {
  const resolved = url ?? process.env.DATABASE_URL;
  if (!resolved) throw new Error(`${caller} needs a database URL (argument or DATABASE_URL).`);
  return resolved;
}

/**
 * The Prisma client for `url` (default: DATABASE_URL), talking to Postgres through the pg driver
 * adapter: no engine binary, and it works against real Postgres and the embedded PGlite alike.
 * One instance per URL per process, so every caller shares one connection pool.
 */
export function createDb(url?: string): Db {
  const resolved = resolveUrl(url, "createDb()");
  let db = clients.get(resolved);
  if (!db) {
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: resolved }) });
    clients.set(resolved, db);
  }
  return db;
}

/** Disconnects and forgets every client createDb() handed out (tests, graceful shutdown). */
export async function disconnectAllDbs(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((db) => db.$disconnect()));
}

/**
 * A plain pg Pool for the hot path (hand-written SQL) and LISTEN/NOTIFY. The caller owns it and
 * must end() it. BIGINT (int8) columns come back as strings by pg's default; parse them with BigInt().
 */
export function createPgPool(url?: string, options: Omit<pg.PoolConfig, "connectionString"> = {}): pg.Pool {
  return new pg.Pool({ connectionString: resolveUrl(url, "createPgPool()"), ...options });
}
