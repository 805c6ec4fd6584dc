// The browser the e2e stage drives: Debian's Chromium. `npm test` finds it, or installs it through
// apt when it may (root with apt-get), or stops the e2e stage with one sentence saying what to
// install. Plain Node; everything it looks at (env, PATH, uid, how to run a command) is injectable
// so the decision can be tested without removing the machine's Chromium.
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Executable names Debian and other distributions give Chromium, in the order we prefer them. */
export const BROWSER_NAMES = ["chromium", "chromium-browser"];

export const MISSING_BROWSER =
  "No Chromium for the browser tests: install Debian's chromium (`apt-get install -y chromium`, as root) or set CHROMIUM_PATH to a Chromium executable.";

export class BrowserMissingError extends Error {}

function isExecutable(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on `PATH`, or null. */
export function which(name, env = process.env) {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/**
 * The Chromium to launch: CHROMIUM_PATH when set (and then only that one, so a typo is reported
 * rather than silently replaced), else the first of BROWSER_NAMES on PATH.
 */
export function findBrowser(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (isExecutable(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new BrowserMissingError(
      `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which is not an executable file.`,
    );
  }
  for (const name of BROWSER_NAMES) {
    const found = which(name, env);
    if (found) return found;
  }
  return null;
}

/** Runs a command, handing each output line to `onLine`; resolves to its exit code. */
export function runCommand(command, args, { env, onLine }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let buffered = "";
    const feed = (chunk) => {
      buffered += chunk;
      let nl = buffered.indexOf("\n");
      while (nl !== -1) {
        onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf("\n");
      }
    };
    child.stdout.setEncoding("utf8").on("data", feed);
    child.stderr.setEncoding("utf8").on("data", feed);
    child.once("error", () => resolve(127));
    child.once("close", (code) => resolve(code ?? 1));
  });
}

// apt prints hundreds of lines for Chromium's dependencies; these are the ones worth showing.
const APT_PROGRESS =
  /^(Get:\d+ \S+ \S+ \S+ chromium |Setting up chromium|E: |W: )|Reading package lists\.\.\. Done/;

/**
 * Returns the path of a Chromium, installing Debian's through apt when root and apt-get are there.
 * Throws BrowserMissingError with one sentence when there is none and none can be had.
 */
export async function ensureBrowser({
  env = process.env,
  uid = process.getuid?.() ?? -1,
  run = runCommand,
  log = (/** @type {string} */ _line) => {},
} = {}) {
  const found = findBrowser(env);
  if (found) return found;
  const aptGet = which("apt-get", env);
  if (uid !== 0 || !aptGet) throw new BrowserMissingError(MISSING_BROWSER);

  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  let lines = 0;
  const onLine = (line) => {
    lines += 1;
    if (APT_PROGRESS.test(line)) log(`apt: ${line.trim()}`);
  };
  // apt can be quiet for a minute while it downloads: say that it is still going.
  const apt = async (args) => {
    const beat = setInterval(() => log(`apt-get ${args[0]}: still working (${lines} lines so far)…`), 15_000);
    try {
      return await run(aptGet, args, { env: aptEnv, onLine });
    } finally {
      clearInterval(beat);
    }
  };
  log("no Chromium found: installing Debian's chromium through apt (a minute or two)…");
  log("apt-get update…");
  if ((await apt(["update", "-q"])) !== 0) {
    throw new BrowserMissingError(
      `apt-get update failed, so Chromium could not be installed. ${MISSING_BROWSER}`,
    );
  }
  log("apt-get install chromium…");
  if ((await apt(["install", "-y", "-q", "chromium"])) !== 0) {
    throw new BrowserMissingError(`apt-get install chromium failed. ${MISSING_BROWSER}`);
  }
  const installed = findBrowser(env);
  if (!installed)
    throw new BrowserMissingError(`apt-get installed chromium but it is not on PATH. ${MISSING_BROWSER}`);
  log(`Chromium installed: ${installed}`);
  return installed;
}
