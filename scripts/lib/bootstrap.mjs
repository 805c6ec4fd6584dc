// What a fresh clone lacks before anything can run: dependencies, the generated Prisma client,
// a master key for secrets at rest. Plain Node only: this runs before `npm install`.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { say } from "./output.mjs";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

export function run(name, command, args, opts = {}) {
  say(name, `$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", ...opts });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status ?? result.signal}`);
  }
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** npm install when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const installed = join(ROOT, "node_modules/.package-lock.json");
  if (existsSync(installed) && mtime(installed) >= mtime(join(ROOT, "package-lock.json"))) return;
  say("setup", "installing dependencies (first run; about a minute)…");
  run("setup", "npm", ["install", "--no-audit", "--no-fund"]);
}

/** The Prisma client is generated, never committed: regenerate when the schema changed. */
export function ensurePrismaClient() {
  const generated = join(ROOT, "packages/db/src/generated");
  const marker = join(generated, "client.ts");
  if (existsSync(marker) && mtime(marker) >= mtime(join(ROOT, "prisma/schema.prisma"))) return;
  say("setup", "generating the Prisma client…");
  run("setup", "npm", ["run", "--silent", "generate", "-w", "@tollbooth/db"]);
}

/**
 * Secrets at rest are encrypted with TOLLBOOTH_MASTER_KEY. Without one, a key is generated once
 * into <dataDir>/master.key so a second `npm start` can still read what the first one stored.
 */
export function ensureMasterKey(dataDir) {
  if (process.env.TOLLBOOTH_MASTER_KEY) return process.env.TOLLBOOTH_MASTER_KEY;
  const file = join(dataDir, "master.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    say(
      "setup",
      `TOLLBOOTH_MASTER_KEY is not set: generated one into ${file}. Set it explicitly in production.`,
    );
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * The operator's receipt signing key (Ed25519, PKCS#8 PEM) for development: TOLLBOOTH_RECEIPT_KEY
 * when set, else `receipt.key` in the data dir, made once (mode 0600) so receipts issued in one
 * run still verify in the next. Production sets the variable (the gateway refuses to start
 * without it). Never printed.
 */
export function ensureReceiptKey(dataDir) {
  if (process.env.TOLLBOOTH_RECEIPT_KEY) return process.env.TOLLBOOTH_RECEIPT_KEY;
  const file = join(dataDir, "receipt.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync("ed25519");
    writeFileSync(file, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * The simnet admin API's bearer token, shared with every process through TOLLBOOTH_SIMNET_ADMIN_TOKEN:
 * the env value when set, else `admin.token` in the simnet's data dir (the file the simnet itself
 * would create, packages/simnet/src/admin-token.ts), made once per data dir.
 */
export function ensureSimnetAdminToken(simnetDataDir) {
  if (process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN) return process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN;
  const file = join(simnetDataDir, "admin.token");
  if (!existsSync(file)) {
    mkdirSync(simnetDataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}

/** A TCP port nobody listens on right now (for throwaway test stacks). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves to true when nothing listens on 127.0.0.1:port. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
