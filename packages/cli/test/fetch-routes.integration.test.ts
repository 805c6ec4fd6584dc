import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { tollbooth } from "./run-cli";
import { type GatewayStack, startGatewayStack } from "./support/gateway-stack";

/**
 * `tollbooth fetch` against the real gateway and the simnet: a token bought for one route must
 * not be thrown away when another route of the same API is bought, and the next call on the
 * first route must use what is left of its bundle. What was paid is read from the builder
 * wallet's balance on the simnet, not from our own counters.
 */
describe("tollbooth fetch keeps a token per route it bought", () => {
  let stack: GatewayStack;
  let env: Record<string, string>;

  before(async () => {
    stack = await startGatewayStack([
      { method: "GET", pathPattern: "/bundle", priceSats: 3, callsPerToken: 10 },
      { method: "GET", pathPattern: "/single", priceSats: 5, callsPerToken: 1 },
      { method: "GET", pathPattern: "/pass", kind: "time_pass", priceSats: 40, passSeconds: 3600 },
    ]);
    env = {
      TOLLBOOTH_SIMNET_ADMIN: stack.simnetAdminUrl,
      TOLLBOOTH_SIMNET_ADMIN_TOKEN: stack.simnetAdminToken,
      TOLLBOOTH_HOME: join(stack.dataDir, "home"),
    };
  });
  after(async () => {
    await stack?.stop();
  });

  const fetchOk = async (path: string) => {
    const run = await tollbooth(["fetch", `${stack.apiUrl}${path}`, "--max-sats", "100"], env);
    assert.equal(run.code, 0, `${path}: ${run.stderr}`);
    return JSON.parse(run.stdout) as { url: string };
  };

  test("buying another route keeps the half-used bundle; its next call pays nothing", async () => {
    const start = await stack.builderBalance();
    assert.equal((await fetchOk("/bundle?n=1")).url, "/bundle?n=1");
    assert.equal(await stack.builderBalance(), start - 30, "one 10-call bundle bought");
    await fetchOk("/single");
    assert.equal(await stack.builderBalance(), start - 35, "one single call bought");
    await fetchOk("/bundle?n=2");
    await fetchOk("/bundle?n=3");
    assert.equal(await stack.builderBalance(), start - 35, "the bundle's calls were used, nothing paid");
  });

  test("a time pass is bought once and reused", async () => {
    const start = await stack.builderBalance();
    await fetchOk("/pass");
    await fetchOk("/bundle?n=4");
    await fetchOk("/pass");
    await fetchOk("/pass");
    assert.equal(await stack.builderBalance(), start - 40);
  });

  test("a used-up token is dropped and paid for again, once", async () => {
    const start = await stack.builderBalance();
    await fetchOk("/single"); // the token bought above has its one call used: pay again
    assert.equal(await stack.builderBalance(), start - 5);
    await fetchOk("/single");
    assert.equal(await stack.builderBalance(), start - 10);
  });
});
