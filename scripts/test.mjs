#!/usr/bin/env node
// `npm test`: typecheck, lint, unit, integration (real Postgres), e2e (real browser on the real
// stack). Uses DATABASE_URL when set, else an embedded Postgres in a throwaway dir. Ends with the
// line `N passed, N failed`.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDependencies, ensurePrismaClient, freePort, ROOT } from "./lib/bootstrap.mjs";
import { BrowserMissingError, ensureBrowser } from "./lib/browser.mjs";
import { bold, pipeLines, say } from "./lib/output.mjs";
import { ProcessGroup } from "./lib/processes.mjs";

ensureDependencies();
ensurePrismaClient();
const { migrate, startServices, stackEnv } = await import("./lib/stack.mjs");
const { discoverTests, workspacesWithTsconfig } = await import("./lib/test-files.mjs");
const { freshDatabase } = await import("./lib/fresh-database.mjs");
const { ensureWebBuild } = await import("./lib/web-build.mjs");

const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const wanted = (stage) => only.length === 0 || only.includes(stage);
const group = new ProcessGroup();
const tmp = mkdtempSync(join(tmpdir(), "tollbooth-test-"));
const results = []; // { stage, passed, failed, seconds }
const masterKey = Buffer.alloc(32, 7).toString("base64"); // throwaway data only

process.on("SIGINT", () => void finish(130));

function exec(name, command, args, { env, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const write = quiet ? () => {} : (line) => say(name, line);
    let output = "";
    const keep = (line) => {
      output += `${line}\n`;
      write(line);
    };
    pipeLines(name, child.stdout, keep);
    pipeLines(name, child.stderr, keep);
    child.once("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function stage(name, fn) {
  if (!wanted(name)) return;
  const t0 = Date.now();
  say(name, bold(`── ${name} ──`));
  let passed = 0;
  let failed = 0;
  try {
    ({ passed, failed } = await fn());
  } catch (err) {
    say(name, `stage failed: ${err instanceof Error ? err.message : String(err)}`);
    failed += 1;
  }
  results.push({ stage: name, passed, failed, seconds: (Date.now() - t0) / 1000 });
}

async function nodeTests(name, files, env, { concurrency = 2 } = {}) {
  if (files.length === 0) {
    say(name, "no test files");
    return { passed: 0, failed: 0 };
  }
  const tap = join(tmp, `${name}.tap`);
  const { code } = await exec(
    name,
    process.execPath,
    [
      "--import",
      "tsx",
      "--test",
      `--test-concurrency=${concurrency}`,
      "--test-timeout=300000",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { env },
  );
  const summary = readFileSync(tap, "utf8");
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, "m").exec(summary)?.[1] ?? 0);
  const passed = count("pass");
  let failed = count("fail") + count("cancelled");
  // Skipped and todo tests are not passing tests: count them as failures so they get fixed.
  failed += count("skipped") + count("todo");
  if (code !== 0 && failed === 0) failed = 1; // the runner itself failed (syntax error, crash)
  return { passed, failed };
}

async function finish(exitCode) {
  await group.stopAll(5_000);
  rmSync(tmp, { recursive: true, force: true });
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log("");
  for (const r of results) {
    console.log(
      `  ${r.stage.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)}s`,
    );
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(exitCode ?? (failed > 0 ? 1 : 0));
}

try {
  const tests = discoverTests();

  await stage("typecheck", async () => {
    let passed = 0;
    let failed = 0;
    for (const dir of workspacesWithTsconfig()) {
      const { code, output } = await exec(
        "typecheck",
        process.execPath,
        [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir, "--noEmit"],
        { quiet: true },
      );
      if (code === 0) passed += 1;
      else {
        failed += 1;
        say("typecheck", `✗ ${dir}\n${output}`);
      }
      if (code === 0) say("typecheck", `✓ ${dir}`);
    }
    return { passed, failed };
  });

  await stage("lint", async () => {
    const { code } = await exec("lint", join(ROOT, "node_modules/.bin/biome"), ["check", "."]);
    return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  });

  await stage("unit", () => nodeTests("unit", tests.unit, { TOLLBOOTH_MASTER_KEY: masterKey }));

  await stage("integration", async () => {
    const db = await freshDatabase(group, { baseUrl: process.env.DATABASE_URL, suffix: "it" });
    say("integration", `database: ${db.url.replace(/\/\/[^@]*@/, "//")}`);
    const env = {
      DATABASE_URL: db.url,
      TOLLBOOTH_MASTER_KEY: masterKey,
      TOLLBOOTH_DATA_DIR: db.dataDir,
      TOLLBOOTH_ENV: "development", // tests that need production say so themselves
    };
    await migrate(env);
    return nodeTests("integration", tests.integration, env);
  });

  await stage("e2e", async () => {
    if (tests.e2e.length === 0) {
      say("e2e", "no e2e tests yet");
      return { passed: 0, failed: 0 };
    }
    // The browser first: without one the stage stops here with one sentence, before any stack starts.
    let chromiumPath;
    try {
      chromiumPath = await ensureBrowser({ log: (line) => say("e2e", line) });
    } catch (err) {
      if (!(err instanceof BrowserMissingError)) throw err;
      say("e2e", err.message);
      return { passed: 0, failed: 1 };
    }
    say("e2e", `browser: ${chromiumPath}`);
    const db = await freshDatabase(group, { baseUrl: process.env.DATABASE_URL, suffix: "e2e" });
    const ports = {};
    for (const key of [
      "web",
      "gateway",
      "gatewayAdmin",
      "simnetGrpc",
      "simnetAdmin",
      "simnetNostr",
      "simnetLnbits",
      "demoWeather",
      "demoQuotes",
    ]) {
      ports[key] = await freePort();
    }
    const env = stackEnv({ ports, dataDir: db.dataDir, databaseUrl: db.url, masterKey });
    await migrate(env);
    await ensureWebBuild(env);
    await startServices(group, { ports, env, quiet: ["web"] });
    return nodeTests(
      "e2e",
      tests.e2e,
      {
        ...env,
        E2E_WEB_URL: `http://127.0.0.1:${ports.web}`,
        E2E_GATEWAY_URL: env.GATEWAY_PUBLIC_URL,
        E2E_ARTIFACTS_DIR: join(ROOT, "apps/web/test-results"),
        CHROMIUM_PATH: chromiumPath,
      },
      { concurrency: 1 },
    ); // each e2e file may start a whole hub of its own
  });
} catch (err) {
  say("test", `aborted: ${err instanceof Error ? err.stack : String(err)}`);
  results.push({ stage: "setup", passed: 0, failed: 1, seconds: 0 });
}
await finish();
