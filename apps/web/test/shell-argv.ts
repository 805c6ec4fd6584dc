import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

/**
 * What a snippet runs, as a real POSIX shell (/bin/sh) parses it: `curl` and `npx` are shell
 * functions that print their arguments NUL-separated, each call starting with `CALL`, so an
 * injected `$(…)`, `;`, backquote or stray quote shows up as a different argv (or as a command
 * that ran: anything on stderr fails).
 */
const PRINT_ARGS = `curl() { printf 'CALL\\0'; printf '%s\\0' "$@"; }
npx() { printf 'CALL\\0'; printf '%s\\0' "$@"; }
`;

export function argvOf(snippet: string): string[] {
  const run = spawnSync("/bin/sh", ["-c", PRINT_ARGS + snippet], { encoding: "utf8", timeout: 10_000 });
  assert.equal(run.status, 0, `sh failed: ${run.stderr}`);
  assert.equal(run.stderr, "", "the snippet must not run anything else");
  return run.stdout.split("\0").slice(0, -1);
}
