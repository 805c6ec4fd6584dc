// How `npm test` finds its browser, driven through an injected PATH, uid and command runner so the
// machine's own Chromium is never touched.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { BrowserMissingError, ensureBrowser, findBrowser, MISSING_BROWSER } from "../lib/browser.mjs";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A directory to put on PATH holding executables with these names. */
function binDir(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "tollbooth-bin-"));
  dirs.push(dir);
  for (const name of names) addExecutable(dir, name);
  return dir;
}
function addExecutable(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\nexit 0\n");
  chmodSync(path, 0o755);
  return path;
}

describe("findBrowser", () => {
  it("finds chromium on PATH", () => {
    const dir = binDir("chromium");
    assert.equal(findBrowser({ PATH: `/nonexistent:${dir}` }), join(dir, "chromium"));
  });
  it("falls back to chromium-browser", () => {
    const dir = binDir("chromium-browser");
    assert.equal(findBrowser({ PATH: dir }), join(dir, "chromium-browser"));
  });
  it("ignores a chromium that is not executable", () => {
    const dir = binDir();
    writeFileSync(join(dir, "chromium"), "not a program");
    assert.equal(findBrowser({ PATH: dir }), null);
  });
  it("uses CHROMIUM_PATH over PATH", () => {
    const onPath = binDir("chromium");
    const chosen = addExecutable(binDir(), "my-chrome");
    assert.equal(findBrowser({ PATH: onPath, CHROMIUM_PATH: chosen }), chosen);
  });
  it("reports a CHROMIUM_PATH that does not exist instead of silently using another", () => {
    const onPath = binDir("chromium");
    assert.throws(
      () => findBrowser({ PATH: onPath, CHROMIUM_PATH: "/no/such/chrome" }),
      (err: unknown) => err instanceof BrowserMissingError && /\/no\/such\/chrome/.test(err.message),
    );
  });
});

describe("ensureBrowser", () => {
  const neverRun = async () => {
    throw new Error("must not run a command");
  };

  it("returns a browser already there without running apt", async () => {
    const dir = binDir("chromium", "apt-get");
    assert.equal(await ensureBrowser({ env: { PATH: dir }, uid: 0, run: neverRun }), join(dir, "chromium"));
  });

  it("without root, stops with the one sentence on what to install", async () => {
    const dir = binDir("apt-get");
    await assert.rejects(ensureBrowser({ env: { PATH: dir }, uid: 1000, run: neverRun }), (err: unknown) => {
      assert.ok(err instanceof BrowserMissingError);
      assert.equal(err.message, MISSING_BROWSER);
      return true;
    });
  });

  it("as root without apt-get, stops with the same sentence", async () => {
    await assert.rejects(
      ensureBrowser({ env: { PATH: binDir() }, uid: 0, run: neverRun }),
      (err: unknown) => err instanceof BrowserMissingError && err.message === MISSING_BROWSER,
    );
  });

  it("as root with apt-get, updates, installs chromium and shows progress", async () => {
    const dir = binDir("apt-get");
    const calls: string[] = [];
    const log: string[] = [];
    const run = async (
      command: string,
      args: string[],
      opts: { env: NodeJS.ProcessEnv; onLine: (l: string) => void },
    ) => {
      calls.push(`${command} ${args.join(" ")}`);
      assert.equal(opts.env.DEBIAN_FRONTEND, "noninteractive");
      if (args[0] === "install") {
        opts.onLine("Unpacking libfoo (1.0) ...");
        opts.onLine("Setting up chromium (156.0) ...");
        addExecutable(dir, "chromium"); // what apt would leave behind
      }
      return 0;
    };
    const found = await ensureBrowser({ env: { PATH: dir }, uid: 0, run, log: (l) => log.push(l) });
    assert.equal(found, join(dir, "chromium"));
    assert.deepEqual(calls, [
      `${join(dir, "apt-get")} update -q`,
      `${join(dir, "apt-get")} install -y -q chromium`,
    ]);
    assert.ok(log.includes("apt: Setting up chromium (156.0) ..."), log.join("\n"));
    assert.ok(!log.some((l) => l.includes("libfoo")), "dependency noise stays out of the log");
    assert.ok(log.some((l) => /installed/.test(l)));
  });

  it("reports a failed apt-get install in one sentence", async () => {
    const dir = binDir("apt-get");
    const run = async (_c: string, args: string[]) => (args[0] === "install" ? 100 : 0);
    await assert.rejects(
      ensureBrowser({ env: { PATH: dir }, uid: 0, run }),
      (err: unknown) =>
        err instanceof BrowserMissingError && /apt-get install chromium failed/.test(err.message),
    );
  });
});
