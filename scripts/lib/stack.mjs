// The whole hub as a list of processes. Both `npm start` and the e2e stage of `npm test` start it
// from here, so what the tests exercise is what a user runs. Adding a process is one entry below.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";
import { ensureSimnetAdminToken, ROOT } from "./bootstrap.mjs";
import { pipeLines, say } from "./output.mjs";
import { waitForPort } from "./processes.mjs";

// The defaults every process shares live in @tollbooth/contract (TypeScript); tsx loads them here.
const { DEFAULT_GATEWAY_DOMAIN, DEFAULT_PORTS, PORT_VARIABLES } = await tsImport(
  "../../packages/contract/src/defaults.ts",
  import.meta.url,
);

export { PORT_VARIABLES };

const TSX = ["--import", "tsx"];
const NEXT_BIN = join(ROOT, "node_modules/next/dist/bin/next");

/**
 * In start order; each waits for the previous to be ready. `entry` must exist for the process to
 * run (parts join as they land); `once` steps run to completion instead of staying up.
 */
export const SERVICES = [
  { name: "simnet", entry: "packages/cli/src/main.ts", args: ["simnet"], port: (p) => p.simnetAdmin },
  { name: "demo", entry: "apps/demo/src/main.ts", port: (p) => p.demoQuotes },
  { name: "seed", entry: "apps/web/scripts/seed-demo.ts", once: true },
  { name: "gateway", entry: "apps/gateway/src/server.ts", port: (p) => p.gateway },
  {
    name: "web",
    entry: "apps/web/.next/BUILD_ID",
    command: (p) => [process.execPath, NEXT_BIN, "start", "-p", String(p.web), "-H", "127.0.0.1"],
    cwd: "apps/web",
    port: (p) => p.web,
  },
];

/** Each port: its variable when set, else the contract's default. */
export function defaultPorts(env = process.env) {
  return Object.fromEntries(
    Object.entries(DEFAULT_PORTS).map(([key, port]) => [key, Number(env[PORT_VARIABLES[key]] ?? port)]),
  );
}

/** The environment every process of the hub shares. */
export function stackEnv({ ports, dataDir, databaseUrl, masterKey }) {
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
  const domain = process.env.GATEWAY_DOMAIN ?? DEFAULT_GATEWAY_DOMAIN;
  return {
    DATABASE_URL: databaseUrl,
    TOLLBOOTH_DATA_DIR: dataDir,
    TOLLBOOTH_MASTER_KEY: masterKey,
    TOLLBOOTH_ENV: process.env.TOLLBOOTH_ENV ?? "development",
    WEB_PORT: String(ports.web),
    WEB_URL: `http://localhost:${ports.web}`,
    GATEWAY_PORT: String(ports.gateway),
    GATEWAY_ADMIN_PORT: String(ports.gatewayAdmin),
    GATEWAY_DOMAIN: domain,
    GATEWAY_PUBLIC_URL: process.env.GATEWAY_PUBLIC_URL ?? gatewayUrl,
    GATEWAY_INTERNAL_URL: process.env.GATEWAY_INTERNAL_URL ?? gatewayUrl,
    // The web's Try it server names each visitor to the gateway under this secret (SECURITY.md);
    // both processes get it from here, fresh for every run unless the operator sets one.
    GATEWAY_VISITOR_SECRET: process.env.GATEWAY_VISITOR_SECRET ?? randomBytes(32).toString("base64url"),
    SIMNET_GRPC_PORT: String(ports.simnetGrpc),
    SIMNET_ADMIN_PORT: String(ports.simnetAdmin),
    SIMNET_NOSTR_PORT: String(ports.simnetNostr),
    SIMNET_LNBITS_PORT: String(ports.simnetLnbits),
    SIMNET_DATA_DIR: join(dataDir, "simnet"),
    TOLLBOOTH_SIMNET_ADMIN: `http://127.0.0.1:${ports.simnetAdmin}`,
    TOLLBOOTH_SIMNET_ADMIN_TOKEN: ensureSimnetAdminToken(join(dataDir, "simnet")),
    DEMO_WEATHER_PORT: String(ports.demoWeather),
    DEMO_QUOTES_PORT: String(ports.demoQuotes),
    DEMO_WEATHER_URL: `http://127.0.0.1:${ports.demoWeather}`,
    DEMO_QUOTES_URL: `http://127.0.0.1:${ports.demoQuotes}`,
    DEMO_UPSTREAM_KEY: process.env.DEMO_UPSTREAM_KEY ?? "demo-upstream-key",
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
  };
}

/**
 * Starts the embedded Postgres (PGlite over the wire protocol) through @tollbooth/db, which locks
 * the data dir so no second process can open (and corrupt) it, and returns its URL. PGlite runs
 * one client's query cycle or transaction at a time whatever the connection count
 * (packages/db/src/embedded/client-cycle-queue.ts); 100 connections let several gateways, the
 * web app and the tests hold their pools at once instead of failing to connect.
 */
export async function startEmbeddedPostgres(group, { dataDir, port, onUnexpectedExit }) {
  const dir = join(dataDir, "pg");
  const script = join(ROOT, "packages/db/scripts/embedded.ts");
  const child = group.start(
    "postgres",
    process.execPath,
    [...TSX, script, "--data-dir", dir, "--port", String(port), "--max-connections", "100"],
    {
      cwd: ROOT,
      onUnexpectedExit,
    },
  );
  await waitForPort(port, { child, timeoutMs: 120_000 });
  say("postgres", `embedded Postgres (PGlite) on 127.0.0.1:${port}, data in ${dir}`);
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

/** Runs a command to completion with prefixed output; rejects on a non-zero exit. */
export function runStep(name, command, args, { env, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    pipeLines(name, child.stdout);
    pipeLines(name, child.stderr);
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

export async function migrate(env) {
  await runStep("migrate", "npm", ["run", "--silent", "migrate", "-w", "@tollbooth/db"], { env });
}

/** Starts every service whose entry exists, in order, waiting for each to be ready. */
export async function startServices(group, { ports, env, onUnexpectedExit, quiet = [] }) {
  const started = [];
  for (const service of SERVICES) {
    if (!existsSync(join(ROOT, service.entry))) {
      say(service.name, `not started: ${service.entry} does not exist yet`);
      continue;
    }
    const [command, ...args] = service.command
      ? service.command(ports)
      : [process.execPath, ...TSX, join(ROOT, service.entry), ...(service.args ?? [])];
    const cwd = join(ROOT, service.cwd ?? ".");
    if (service.once) {
      await runStep(service.name, command, args, { env, cwd });
      continue;
    }
    const child = group.start(service.name, command, args, {
      env,
      cwd,
      onUnexpectedExit,
      quiet: quiet.includes(service.name),
    });
    await waitForPort(service.port(ports), { child, timeoutMs: 120_000 });
    started.push(service.name);
  }
  return started;
}
