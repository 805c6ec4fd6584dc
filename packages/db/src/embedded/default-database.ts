import path from "node:path";
import { dataDir } from "../repo-root";
import { readDataDirLock } from "./data-dir-lock";
import { startEmbeddedPostgres } from "./embedded-postgres";

/**
 * Where the embedded Postgres keeps its data by default: $TOLLBOOTH_DATA_DIR/pg, else
 * <repo>/.data/pg (the directory `npm start` serves).
 */
export function defaultEmbeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), "pg");
}

/**
 * Runs `work` against DATABASE_URL when set; otherwise against the default embedded database:
 * the one already being served (npm start running) or one started just for `work` and stopped after.
 */
export async function withDefaultDatabase<T>(
  work: (url: string, where: string) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  if (env.DATABASE_URL) return work(env.DATABASE_URL, "DATABASE_URL");
  const dataDir = defaultEmbeddedDataDir(env);
  const running = await readDataDirLock(dataDir);
  if (running?.url) return work(running.url, `the embedded Postgres already serving ${dataDir}`);
  const embedded = await startEmbeddedPostgres({ dataDir });
  try {
    return await work(embedded.url, `the embedded Postgres in ${dataDir}`);
  } finally {
    await embedded.stop();
  }
}
