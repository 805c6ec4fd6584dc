import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { optionsFromEnv, parseGatewayEnv } from "../src/config/env";
import { FloodGuard } from "../src/payment/flood-guard";

describe("FloodGuard", () => {
  it("caps each client, refills over time, and caps the tenant", () => {
    const guard = new FloodGuard({
      perClient: { perSecond: 2, burst: 3 },
      perTenant: { perSecond: 1, burst: 4 },
    });
    const t = 1_000_000;
    assert.deepEqual(
      [1, 2, 3, 4].map(() => guard.admit("tenant", "a", t).ok),
      [true, true, true, false],
    );
    assert.equal(guard.admit("tenant", "a", t + 500).ok, true, "one token back after half a second");
    assert.equal(guard.admit("tenant", "b", t + 500).ok, false, "tenant bucket is empty");
    const refused = guard.admit("tenant", "a", t + 500);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.scope, "client");
  });

  it("tracks a bounded number of clients", () => {
    const guard = new FloodGuard({
      perClient: { perSecond: 1, burst: 1 },
      perTenant: { perSecond: 1e9, burst: 1e9 },
      maxTrackedClients: 10,
    });
    for (let i = 0; i < 1000; i++) assert.equal(guard.admit("t", `c${i}`, 0).ok, true);
  });
});

describe("gateway environment", () => {
  it("applies the CONTRACT defaults", () => {
    const options = optionsFromEnv(parseGatewayEnv({ DATABASE_URL: "postgresql://x@127.0.0.1/db" }));
    assert.equal(options.port, 8402);
    assert.equal(options.adminPort, 8403);
    assert.equal(options.adminHost, "127.0.0.1");
    assert.equal(options.domain, "gw.localhost");
    assert.equal(options.trustProxy, null);
    assert.equal(options.publicUrl, "http://127.0.0.1:8402");
    assert.equal(options.visitorSecret, null);
    assert.equal(options.allowPrivateUpstreams, false);
  });
  it("refuses a missing DATABASE_URL and bad values with a readable error", () => {
    assert.throws(() => parseGatewayEnv({}), /DATABASE_URL/);
    assert.throws(() => parseGatewayEnv({ DATABASE_URL: "x", GATEWAY_PORT: "99999" }), /GATEWAY_PORT/);
    assert.throws(
      () => parseGatewayEnv({ DATABASE_URL: "x", GATEWAY_TRUST_PROXY: "maybe" }),
      /GATEWAY_TRUST_PROXY/,
    );
  });
  it("reads flags", () => {
    const env = parseGatewayEnv({
      DATABASE_URL: "x",
      GATEWAY_TRUST_PROXY: "1",
      GATEWAY_ALLOW_PRIVATE_UPSTREAMS: "true",
    });
    assert.equal(env.GATEWAY_TRUST_PROXY, 1);
    assert.equal(env.GATEWAY_ALLOW_PRIVATE_UPSTREAMS, true);
  });
});
