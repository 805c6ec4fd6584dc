#!/usr/bin/env node
// `npm start`: from a fresh clone to a running hub. Installs what is missing, generates, migrates,
// builds, starts every process with prefixed logs, prints the URLs, and stops everything on Ctrl-C.
import { join } from "node:path";
import {
  ensureDependencies,
  ensureMasterKey,
  ensurePrismaClient,
  portIsFree,
  ROOT,
} from "./lib/bootstrap.mjs";
import { demoLoginLine } from "./lib/demo-login.mjs";
import { bold, say } from "./lib/output.mjs";
import { ProcessGroup } from "./lib/processes.mjs";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 18)) {
  console.error(`Tollbooth needs Node 20.18 or newer; this is ${process.version}.`);
  process.exit(1);
}

ensureDependencies();
ensurePrismaClient();
// Only now can we load modules that import installed packages.
const { defaultPorts, PORT_VARIABLES, migrate, startEmbeddedPostgres, startServices, stackEnv } =
  await import("./lib/stack.mjs");
const { ensureWebBuild } = await import("./lib/web-build.mjs");

const dataDir = process.env.TOLLBOOTH_DATA_DIR ?? join(ROOT, ".data");
const ports = defaultPorts();

// Say which port is taken before starting anything, rather than failing half-way up.
const taken = [];
for (const [key, port] of Object.entries(ports)) {
  if (key === "postgres" && process.env.DATABASE_URL) continue;
  if (!(await portIsFree(port))) taken.push(`${port} (${PORT_VARIABLES[key]})`);
}
if (taken.length > 0) {
  say("hub", `ports already in use: ${taken.join(", ")}.`);
  say("hub", "Is another `npm start` running? Stop it, or set those variables to free ports.");
  process.exit(1);
}

const group = new ProcessGroup();
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  say("hub", "stopping…");
  await group.stopAll();
  say("hub", "all processes stopped.");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
const onUnexpectedExit = (name) => {
  say("hub", `${name} died; stopping the hub so nothing runs half-broken.`);
  void shutdown(1);
};

try {
  const masterKey = ensureMasterKey(dataDir);
  const databaseUrl =
    process.env.DATABASE_URL ??
    (await startEmbeddedPostgres(group, { dataDir, port: ports.postgres, onUnexpectedExit }));
  if (process.env.DATABASE_URL) say("postgres", "using DATABASE_URL");
  const env = stackEnv({ ports, dataDir, databaseUrl, masterKey });
  await migrate(env);
  await ensureWebBuild(env);
  const started = await startServices(group, { ports, env, onUnexpectedExit });
  printReady(env, started);
} catch (err) {
  say("hub", `could not start: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}

function printReady(env, started) {
  const lines = [
    "",
    bold("Tollbooth is running."),
    started.includes("web") && `  Hub and dashboard   ${env.WEB_URL}/hub`,
    started.includes("web") && `  Catalog JSON        ${env.WEB_URL}/api/catalog`,
    started.includes("gateway") && `  Gateway (path)      ${env.GATEWAY_PUBLIC_URL}/<slug>/…`,
    started.includes("gateway") &&
      `  Gateway (host)      http://<slug>.${env.GATEWAY_DOMAIN}:${env.GATEWAY_PORT}/…`,
    started.includes("gateway") && `  Gateway admin       http://127.0.0.1:${env.GATEWAY_ADMIN_PORT}/metrics`,
    started.includes("simnet") && `  Simnet admin        ${env.TOLLBOOTH_SIMNET_ADMIN}`,
    started.includes("demo") && `  Demo upstreams      ${env.DEMO_WEATHER_URL}  ${env.DEMO_QUOTES_URL}`,
    started.includes("web") && `  Demo login          ${demoLoginLine()}`,
    "  Press Ctrl-C to stop.",
    "",
  ].filter(Boolean);
  for (const line of lines) say("hub", line);
}
