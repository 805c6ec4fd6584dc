import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 15_000;

/**
 * Runs `fn` holding an exclusive lock file `<file>.lock` (O_EXCL); one left behind by a crashed run
 * is taken over after 10 s. The CLI's state files (tokens, spend ledger) change only under it, so
 * concurrent runs neither corrupt them nor lose each other's writes.
 */
export async function withFileLock<T>(file: string, fn: () => T | Promise<T>): Promise<T> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const lockFile = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      closeSync(openSync(lockFile, "wx", 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    try {
      if (Date.now() - statSync(lockFile).mtimeMs > LOCK_STALE_MS) rmSync(lockFile, { force: true });
    } catch {
      // gone already: try again
    }
    if (Date.now() > deadline) throw new Error(`the file ${file} stays locked by ${lockFile}`);
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** Replaces `file` by an atomic rename of a temp file (mode 0600), so readers never see half of it. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}
