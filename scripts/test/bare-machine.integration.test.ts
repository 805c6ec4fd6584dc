// `npm test` on a machine without a browser and without a way to install one: the e2e stage fails
// with one sentence saying what to install (no stack of errors, no silent pass), before any stack
// starts. The machine's Chromium stays: PATH simply does not contain it (nor apt-get).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { MISSING_BROWSER, which } from "../lib/browser.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const bin = mkdtempSync(join(tmpdir(), "tollbooth-bare-"));
after(() => rmSync(bin, { recursive: true, force: true }));

test("npm test's e2e stage without Chromium or apt-get: one sentence, counted as a failure", () => {
  // Only Node and npm, as on a fresh machine.
  symlinkSync(process.execPath, join(bin, "node"));
  const npm = which("npm"); // beside node, or elsewhere on PATH (CI's Node 24 brings node alone)
  assert.ok(npm, "npm on PATH");
  symlinkSync(realpathSync(npm), join(bin, "npm"));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin, NO_COLOR: "1" };
  delete env.CHROMIUM_PATH;
  const run = spawnSync(process.execPath, [join(ROOT, "scripts/test.mjs"), "e2e"], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 1, output);
  assert.equal(output.split(MISSING_BROWSER).length - 1, 1, `the sentence once:\n${output}`);
  assert.doesNotMatch(output, /^\s+at /m, "no stack trace");
  assert.match(output.trimEnd().split("\n").at(-1) ?? "", /^0 passed, 1 failed$/);
});
