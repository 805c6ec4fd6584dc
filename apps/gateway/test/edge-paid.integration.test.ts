/**
 * The red team's trusted-proxy findings against the real gateway (Postgres, simnet, loopback),
 * configured from the environment the way production is, with GATEWAY_TRUST_PROXY=1: a client
 * that writes its own X-Forwarded-For must not get unlimited free-tier calls or challenges.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { optionsFromEnv, parseGatewayEnv } from "../src/config/env";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

describe("trusted proxy in production mode: free tier and challenge caps per real client", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;
  let api: CreatedApi;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/paid", priceSats: 2 }],
      freeTierCalls: 2,
    });
    const fromEnv = optionsFromEnv(
      parseGatewayEnv({ DATABASE_URL: stack.databaseUrl, GATEWAY_TRUST_PROXY: "1" }),
    );
    gateway = await stack.startGateway({
      trustProxy: fromEnv.trustProxy,
      challenges: {
        perClient: { perSecond: 0.001, burst: 3 },
        perTenant: { perSecond: 10_000, burst: 10_000 },
        invoiceExpirySeconds: 600,
      },
    });
    await stack.waitForApi(gateway, api.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("a rotating left-most X-Forwarded-For buys no extra free calls", async () => {
    const statuses: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await send(gateway.port, `/${api.slug}/paid`, {
        headers: { "x-forwarded-for": `10.9.${i}.1, 203.0.113.50` },
      });
      statuses.push(res.status);
      bodies.push(res.body.slice(0, 120));
    }
    assert.deepEqual(statuses, [200, 200, 402, 402, 402], bodies.join("\n"));
  });

  it("a rotating left-most X-Forwarded-For does not lift the per-client challenge cap", async () => {
    const statuses: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await send(gateway.port, `/${api.slug}/paid`, {
        headers: { "x-forwarded-for": `10.8.${i}.1, 2001:db8:77:1::${i + 1}` },
      });
      statuses.push(res.status);
      bodies.push(res.body.slice(0, 120));
    }
    // Two free calls for this /64, then the burst of three challenges, then refused.
    assert.deepEqual(statuses, [200, 200, 402, 402, 402], bodies.join("\n"));
    const more = await send(gateway.port, `/${api.slug}/paid`, {
      headers: { "x-forwarded-for": "2001:db8:77:1:aaaa::1" },
    });
    assert.equal(more.status, 429, more.body);
    assert.equal(more.json().error, "too_many_challenges");
  });
});
