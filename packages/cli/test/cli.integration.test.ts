import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createLndBackend } from "@tollbooth/lightning";
import { type RunningSimnet, simnetAdmin } from "@tollbooth/simnet";
import { BIN, tollbooth } from "./run-cli";
import { type CliSimnet, startCliSimnet } from "./support/cli-simnet";

describe("tollbooth wallet against a simnet", () => {
  let simnet: CliSimnet;
  let sim: RunningSimnet;
  let env: Record<string, string>;

  before(async () => {
    simnet = await startCliSimnet("cli-test-", 20_000);
    ({ sim, env } = simnet);
  });
  after(async () => {
    await simnet?.stop();
  });

  test("wallet pay returns a preimage whose sha256 is the payment hash; the provider's invoice reads settled", async () => {
    const creds = await simnetAdmin(sim.adminUrl, sim.adminToken).createNode("cli-provider");
    const provider = createLndBackend(creds);
    const invoice = await provider.createInvoice({ amountSats: 250, memo: "cli test", expirySeconds: 600 });

    const before = await tollbooth(["wallet", "balance"], env);
    assert.equal(before.code, 0, before.stderr);
    assert.equal(JSON.parse(before.stdout).balance_sats, 20_000);

    const paid = await tollbooth(["wallet", "pay", invoice.bolt11], env);
    assert.equal(paid.code, 0, paid.stderr);
    const result = JSON.parse(paid.stdout) as { preimage: string; payment_hash: string };
    assert.match(result.preimage, /^[0-9a-f]{64}$/);
    assert.equal(
      createHash("sha256").update(Buffer.from(result.preimage, "hex")).digest("hex"),
      invoice.paymentHash,
    );
    assert.equal(result.payment_hash, invoice.paymentHash);
    const status = await provider.lookupInvoice(invoice.paymentHash);
    assert.equal(status.state, "settled");
    assert.equal(status.receivedMsats, 250_000n);

    const afterPay = await tollbooth(["wallet", "balance"], env);
    assert.equal(JSON.parse(afterPay.stdout).balance_sats, 20_000 - 250);

    const again = await tollbooth(["wallet", "pay", invoice.bolt11], env);
    assert.equal(again.code, 4, "paying twice is a payment failure");
    assert.match(again.stderr, /already been paid/);
    assert.equal(again.stdout, "");
  });

  test("usage errors exit 2 with a message; an unreachable simnet exits 5", async () => {
    const missing = await tollbooth(["wallet", "pay"], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /exactly one BOLT11 invoice/);
    const garbage = await tollbooth(["wallet", "pay", "lnbcrt1notaninvoice"], env);
    assert.equal(garbage.code, 2);
    assert.match(garbage.stderr, /not a valid BOLT11/);
    const unknown = await tollbooth(["wallet", "refund"], env);
    assert.equal(unknown.code, 2);
    const help = await tollbooth(["wallet", "--help"], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /TOLLBOOTH_SIMNET_ADMIN/);
    const down = await tollbooth(["wallet", "balance"], {
      ...env,
      TOLLBOOTH_SIMNET_ADMIN: "http://127.0.0.1:1",
    });
    assert.equal(down.code, 5);
    assert.match(down.stderr, /not reachable/);
  });
});

describe("tollbooth simnet", () => {
  test("runs in the foreground, serves the admin API, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cli-simnet-"));
    const child = spawn(
      process.execPath,
      [BIN, "simnet", "--data-dir", dataDir, "--grpc-port", "0", "--admin-port", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const adminUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`simnet did not start: ${stdout}`)), 30_000);
        child.stdout.on("data", () => {
          const match = /admin API on (http:\/\/\S+)/.exec(stdout);
          if (match?.[1] && stdout.includes("ready")) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      // The token the simnet wrote to its data dir; without it the admin API refuses.
      const token = readFileSync(join(dataDir, "admin.token"), "utf8").trim();
      await assert.rejects(simnetAdmin(adminUrl, "").builder(), /Authorization: Bearer/);
      const builder = await simnetAdmin(adminUrl, token).builder();
      assert.match(builder.pubkey, /^0[23][0-9a-f]{64}$/);
      assert.match(stdout, /LND gRPC \(TLS\) on 127\.0\.0\.1:\d+/);
    } finally {
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
      rmSync(dataDir, { recursive: true, force: true });
    }
    assert.match(stdout, /simnet: stopped/);
  });

  test("bad options are usage errors", async () => {
    const bad = await tollbooth(["simnet", "--failure-rate", "2"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /failure-rate/);
    const unknown = await tollbooth(["simnet", "--frobnicate"]);
    assert.equal(unknown.code, 2);
  });
});
