// `npm start` as a new user runs it, on the embedded defaults (no DATABASE_URL): it comes up and
// prints its URLs, Ctrl-C leaves no process behind, and a second start keeps the data.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import pg from "pg";

const ROOT = new URL("../..", import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), "tollbooth-start-"));
let running: ChildProcess | undefined;
after(async () => {
  // A failed assertion must not leave a hub behind for the next test (or the machine).
  if (running && running.exitCode === null) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const ports: Record<string, number> = {};
for (const name of [
  "WEB_PORT",
  "GATEWAY_PORT",
  "GATEWAY_ADMIN_PORT",
  "SIMNET_GRPC_PORT",
  "SIMNET_ADMIN_PORT",
  "DEMO_WEATHER_PORT",
  "DEMO_QUOTES_PORT",
  "TOLLBOOTH_PG_PORT",
]) {
  ports[name] = await freePort();
}

async function startHub(): Promise<{ child: ChildProcess; ready: Promise<string> }> {
  if (running && running.exitCode === null) await stop(running); // a failed earlier test's hub
  // A new user's shell: none of the hub's own variables (the e2e runner exports its stack's).
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|TOLLBOOTH_|GATEWAY_|SIMNET_|DEMO_|WEB_|E2E_)/.test(k)) env[k] = v;
  }
  Object.assign(env, { TOLLBOOTH_DATA_DIR: dataDir, NO_COLOR: "1" });
  for (const [k, v] of Object.entries(ports)) env[k] = String(v);
  const child = spawn(process.execPath, [join(ROOT, "scripts/start.mjs")], { cwd: ROOT, env });
  running = child;
  let output = "";
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl-C to stop.")) resolve(output); // the last line of the banner
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code} before ready:\n${output}`)));
  });
  return { child, ready };
}

/** Processes whose environment names our data dir: everything the hub started. */
function hubProcesses(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, "latin1").includes(`TOLLBOOTH_DATA_DIR=${dataDir}`)) {
        found.push(Number(entry));
      }
    } catch {
      // exited while we looked
    }
  }
  return found;
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}

const dbUrl = `postgresql://postgres@127.0.0.1:${ports.TOLLBOOTH_PG_PORT}/postgres`;

test("first start: embedded Postgres, URLs printed, Ctrl-C stops every process", async () => {
  const hub = await startHub();
  const output = await hub.ready;
  assert.match(output, /embedded Postgres \(PGlite\)/);
  assert.match(output, new RegExp(`Gateway \\(path\\) +http://127\\.0\\.0\\.1:${ports.GATEWAY_PORT}/`));
  const health = await fetch(`http://127.0.0.1:${ports.GATEWAY_ADMIN_PORT}/healthz`);
  assert.equal(health.status, 200);
  const catalog = await fetch(`http://127.0.0.1:${ports.WEB_PORT}/api/catalog`);
  assert.equal(catalog.status, 200);

  // Leave a mark in the database to find after a restart.
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  await client.query(`INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 'start-test-marker')`);
  await client.end();

  assert.ok(hubProcesses().length >= 3, "the hub's processes are running");
  assert.equal(await stop(hub.child), 0);
  assert.deepEqual(hubProcesses(), [], "no process is left behind after Ctrl-C");
});

test("second start keeps the data", async () => {
  const keyBefore = readFileSync(join(dataDir, "master.key"), "utf8");
  const hub = await startHub();
  await hub.ready;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM tenants WHERE name = 'start-test-marker'`,
  );
  await client.end();
  assert.equal(rows[0].n, 1);
  assert.equal(readFileSync(join(dataDir, "master.key"), "utf8"), keyBefore, "the master key is reused");
  assert.equal(await stop(hub.child), 0);
  assert.deepEqual(hubProcesses(), []);
});
