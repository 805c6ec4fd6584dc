import { open, readFile, rm, writeFile } from "node:fs/promises";

/** The data dir is already open in another live process; `url` is where it serves, when known. */
export class EmbeddedPostgresBusyError extends Error {
  override name = "EmbeddedPostgresBusyError";
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly url: string | undefined,
  ) {
    super(
      `The embedded Postgres data in ${dataDir} is already open in process ${pid}` +
        (url ? ` (serving ${url}).` : "."),
    );
  }
}

type LockContent = { pid: number; url?: string };

export type DataDirLock = {
  publish(url: string): Promise<void>;
  release(): Promise<void>;
};

export function lockFileFor(dataDir: string): string {
  // Beside the data dir, not in it: PGlite owns everything inside.
  return `${dataDir.replace(/[/\\]+$/, "")}.lock`;
}

/** Who holds the data dir right now, if anyone alive does. */
export async function readDataDirLock(dataDir: string): Promise<LockContent | undefined> {
  let content: LockContent;
  try {
    content = JSON.parse(await readFile(lockFileFor(dataDir), "utf8")) as LockContent;
  } catch {
    return undefined;
  }
  return typeof content.pid === "number" && isAlive(content.pid) ? content : undefined;
}

/**
 * Two PGlite instances writing one directory corrupt it, so a lock file records the owner's pid.
 * A lock left by a dead process (crash, kill -9) is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const file = lockFileFor(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid } satisfies LockContent));
      await handle.close();
      let released = false;
      return {
        publish: (url) => writeFile(file, JSON.stringify({ pid: process.pid, url } satisfies LockContent)),
        async release() {
          if (released) return;
          released = true;
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readDataDirLock(dataDir);
      if (holder) throw new EmbeddedPostgresBusyError(dataDir, holder.pid, holder.url);
      await rm(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}: another process keeps taking the lock.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
