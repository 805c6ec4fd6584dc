import { createDb } from "@tollbooth/db";
import { env } from "./env";

export type Db = ReturnType<typeof createDb>;

// One client per server process; Next's dev server reloads modules, so keep it on globalThis.
const holder = globalThis as typeof globalThis & { __tollboothWebDb?: Db };

export function db(): Db {
  holder.__tollboothWebDb ??= createDb(env().DATABASE_URL);
  return holder.__tollboothWebDb;
}
