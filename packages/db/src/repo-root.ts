import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

let cached: string | undefined;

/**
 * The monorepo root: the nearest directory at or above the working directory whose package.json
 * declares workspaces. Found from cwd, not from this file's location, because bundlers (Next)
 * move this code and drop `import.meta.dirname`; every process (web, gateway, scripts) runs
 * somewhere inside the repo. Falls back to cwd.
 */
export function repoRoot(): string {
  cached ??= findRepoRoot(process.cwd());
  return cached;
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && hasWorkspaces(manifest)) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

function hasWorkspaces(manifest: string): boolean {
  try {
    return Array.isArray((JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown }).workspaces);
  } catch {
    return false;
  }
}

/** $TOLLBOOTH_DATA_DIR, or <repo>/.data: where local state (master key, embedded Postgres) lives. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOLLBOOTH_DATA_DIR ?? path.join(repoRoot(), ".data");
}
