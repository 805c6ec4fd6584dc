/**
 * Which ports a simnet takes. A test's (or an embedder's) simnet that picks its own gRPC port must
 * not take the relay or LNbits port of the stack it runs inside: the e2e stage starts one simnet
 * with SIMNET_NOSTR_PORT / SIMNET_LNBITS_PORT set and the tests then start more in that environment.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { startSimnet } from "../src/index";

test("a simnet given its gRPC port keeps off the relay and LNbits ports the environment names", async () => {
  const dirs = [mkdtempSync(join(tmpdir(), "simnet-ports-")), mkdtempSync(join(tmpdir(), "simnet-ports-"))];
  const stack = await startSimnet({ dataDir: dirs[0], grpcPort: 0, adminPort: 0 });
  const saved = { nostr: process.env.SIMNET_NOSTR_PORT, lnbits: process.env.SIMNET_LNBITS_PORT };
  try {
    // The environment of the stack: its relay and LNbits ports, both taken.
    process.env.SIMNET_NOSTR_PORT = new URL(stack.nostr.relayUrl).port;
    process.env.SIMNET_LNBITS_PORT = new URL(stack.lnbitsUrl).port;
    const inner = await startSimnet({ dataDir: dirs[1], grpcPort: 0, adminPort: 0 });
    try {
      assert.notEqual(new URL(inner.nostr.relayUrl).port, process.env.SIMNET_NOSTR_PORT);
      assert.notEqual(new URL(inner.lnbitsUrl).port, process.env.SIMNET_LNBITS_PORT);
    } finally {
      await inner.stop();
    }
  } finally {
    for (const [key, value] of [
      ["SIMNET_NOSTR_PORT", saved.nostr],
      ["SIMNET_LNBITS_PORT", saved.lnbits],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await stack.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
