// Runs the hub's processes: each in its own process group (so Ctrl-C reaches us first and we stop
// them in order), with prefixed logs, readiness checks, and a stop that never leaves one behind.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { pipeLines, say } from "./output.mjs";

export class ProcessGroup {
  #children = [];
  #stopping = false;

  constructor() {
    // Last resort if we die without a clean stop: kill every group we started.
    process.on("exit", () => {
      for (const child of this.#children) killGroup(child, "SIGKILL");
    });
  }

  get stopping() {
    return this.#stopping;
  }

  /** Starts a long-running process. `onExit` fires if it dies while we are not stopping. */
  start(name, command, args, { env, cwd, onUnexpectedExit, quiet } = {}) {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.processName = name;
    const write = quiet ? () => {} : (line) => say(name, line);
    pipeLines(name, child.stdout, write);
    pipeLines(name, child.stderr, write);
    child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    child.exited.then(({ code, signal }) => {
      if (!this.#stopping) {
        say(name, `exited unexpectedly (${signal ?? `code ${code}`})`);
        onUnexpectedExit?.(name);
      }
    });
    this.#children.push(child);
    return child;
  }

  /** Stops every process, newest first, SIGTERM then SIGKILL after `graceMs`. */
  async stopAll(graceMs = 10_000) {
    this.#stopping = true;
    for (const child of [...this.#children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => {
        say(child.processName, `did not stop within ${graceMs / 1000}s; killing`);
        killGroup(child, "SIGKILL");
      }, graceMs);
      await child.exited;
      clearTimeout(timer);
      say(child.processName, "stopped");
    }
    this.#children = [];
  }
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Resolves once something accepts TCP connections on host:port; rejects after timeoutMs. */
export async function waitForPort(port, { host = "127.0.0.1", timeoutMs = 60_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${child.processName} exited before listening on ${host}:${port}`);
    }
    const open = await new Promise((resolve) => {
      const socket = connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs / 1000}s`);
}
