import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimnet, type SimnetOptions, simnetAdmin, startSimnet } from "@tollbooth/simnet";

/** A simnet on ephemeral ports in a temp dir; restart() keeps the data dir and the ports. */
export async function tempSimnet(opts: SimnetOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "lightning-test-"));
  let sim: RunningSimnet = await startSimnet({ dataDir, grpcPort: 0, adminPort: 0, ...opts });
  const grpcPort = sim.grpcPort;
  const adminPort = Number(new URL(sim.adminUrl).port);
  const nostrPort = Number(new URL(sim.nostr.relayUrl).port);
  return {
    get sim() {
      return sim;
    },
    get admin() {
      return simnetAdmin(sim.adminUrl, sim.adminToken);
    },
    async stopOnly() {
      await sim.stop();
    },
    async startAgain() {
      sim = await startSimnet({ dataDir, grpcPort, adminPort, nostrPort, ...opts });
    },
    async stop() {
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function eventually<T>(check: () => T | undefined, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met before the deadline");
    await sleep(50);
  }
}
