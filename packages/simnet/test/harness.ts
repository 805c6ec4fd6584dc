import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authenticatedLndGrpc } from "ln-service";
import { type RunningSimnet, type SimnetOptions, simnetAdmin, startSimnet } from "../src/index";

/** A simnet on ephemeral ports with its own temp data dir; `restart()` keeps dir and ports. */
export async function tempSimnet(opts: SimnetOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "simnet-test-"));
  let sim: RunningSimnet = await startSimnet({ dataDir, grpcPort: 0, adminPort: 0, ...opts });
  const grpcPort = sim.grpcPort;
  const adminPort = Number(new URL(sim.adminUrl).port);
  const nostrPort = Number(new URL(sim.nostr.relayUrl).port);
  const lnds: Array<{ [service: string]: { close?: () => void } }> = [];
  return {
    get sim() {
      return sim;
    },
    get admin() {
      return simnetAdmin(sim.adminUrl, sim.adminToken);
    },
    dataDir,
    /** An ln-service client as any LND user would build it. */
    lnd(creds: { socket: string; tlsCert: string }, macaroon: string) {
      const { lnd } = authenticatedLndGrpc({ socket: creds.socket, cert: creds.tlsCert, macaroon });
      lnds.push(lnd as unknown as { [service: string]: { close?: () => void } });
      return lnd;
    },
    async restart() {
      await sim.stop();
      sim = await startSimnet({ dataDir, grpcPort, adminPort, nostrPort, ...opts });
    },
    async stop() {
      for (const lnd of lnds) for (const s of Object.values(lnd)) s.close?.();
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until check() returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met before the deadline");
    await sleep(50);
  }
}
