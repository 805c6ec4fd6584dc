import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimnet, type SimnetOptions, simnetAdmin, startSimnet } from "@tollbooth/simnet";
import { LightningError } from "../src/index";

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

export const sha256 = (hex: string) => createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex");

/** Awaits `work` and checks it failed with a LightningError of `code`; returns the error. */
export async function failsWith(work: Promise<unknown>, code: string): Promise<LightningError> {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof LightningError, `expected a LightningError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected a ${code} error`);
}
