import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { tollbooth } from "./run-cli";
import { type GatewayStack, startGatewayStack } from "./support/gateway-stack";

/**
 * `tollbooth simnet nwc` prints a connection string for the builder's wallet; `tollbooth fetch`
 * with TOLLBOOTH_NWC_URL set to it pays the real gateway's invoice over NIP-47 — the simnet admin
 * API is pointed nowhere for that run, so only the NWC string can have paid. What was paid is read
 * from the builder wallet's balance on the simnet.
 */
describe("tollbooth fetch pays from an NWC connection string", () => {
  let stack: GatewayStack;
  let admin: Record<string, string>;
  let connectionString: string;

  before(async () => {
    stack = await startGatewayStack([
      { method: "GET", pathPattern: "/forecast", priceSats: 4, callsPerToken: 1 },
    ]);
    admin = {
      TOLLBOOTH_SIMNET_ADMIN: stack.simnetAdminUrl,
      TOLLBOOTH_SIMNET_ADMIN_TOKEN: stack.simnetAdminToken,
      TOLLBOOTH_HOME: join(stack.dataDir, "home"),
    };
    const printed = await tollbooth(["simnet", "nwc"], admin);
    assert.equal(printed.code, 0, printed.stderr);
    connectionString = printed.stdout.trim();
  });
  after(async () => {
    await stack?.stop();
  });

  test("`simnet nwc` prints one connection string; --receive-only is another, and unknown nodes fail", async () => {
    assert.match(
      connectionString,
      /^nostr\+walletconnect:\/\/[0-9a-f]{64}\?relay=ws%3A%2F%2F127\.0\.0\.1%3A\d+&secret=[0-9a-f]{64}$/,
    );
    const receive = await tollbooth(["simnet", "nwc", "--receive-only"], admin);
    assert.equal(receive.code, 0, receive.stderr);
    assert.notEqual(receive.stdout.trim(), connectionString);
    const unknown = await tollbooth(["simnet", "nwc", "--node", "nobody-here"], admin);
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, /No simnet node has that name/);
  });

  test("fetch pays the gateway's invoice over NWC, and wallet balance reads it", async () => {
    const env = {
      ...admin,
      TOLLBOOTH_SIMNET_ADMIN: "http://127.0.0.1:9",
      TOLLBOOTH_NWC_URL: connectionString,
    };
    const start = await stack.builderBalance();
    const run = await tollbooth(["fetch", `${stack.apiUrl}/forecast`, "--max-sats", "10"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).url, "/forecast");
    assert.equal(await stack.builderBalance(), start - 4);
    const balance = await tollbooth(["wallet", "balance"], env);
    assert.equal(balance.code, 0, balance.stderr);
    assert.equal(JSON.parse(balance.stdout).balance_sats, start - 4);
  });

  test("the price cap holds with NWC too (exit 3, nothing paid)", async () => {
    const env = {
      ...admin,
      TOLLBOOTH_HOME: join(stack.dataDir, "home-cap"),
      TOLLBOOTH_NWC_URL: connectionString,
    };
    const start = await stack.builderBalance();
    const run = await tollbooth(["fetch", `${stack.apiUrl}/forecast`, "--max-sats", "3"], env);
    assert.equal(run.code, 3, run.stderr);
    assert.equal(await stack.builderBalance(), start);
  });

  test("a malformed TOLLBOOTH_NWC_URL is a usage error that does not echo the secret", async () => {
    const env = {
      ...admin,
      TOLLBOOTH_HOME: join(stack.dataDir, "home-bad"),
      TOLLBOOTH_NWC_URL: `nostr+walletconnect://abc?secret=${"9".repeat(64)}`,
    };
    const run = await tollbooth(["fetch", `${stack.apiUrl}/forecast`, "--max-sats", "10"], env);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /pubkey/);
    assert.ok(!run.stderr.includes("9".repeat(64)));
  });
});
