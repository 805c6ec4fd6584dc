/**
 * Browsers can buy: a CORS preflight is answered by the gateway (204), never charged, never
 * mints an invoice, never metered; 402 challenges and paid answers carry CORS headers that
 * expose WWW-Authenticate. Real gateway, Postgres, simnet, loopback upstream.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

const ORIGIN = "https://app.example.com";

describe("CORS for browser buyers", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;
  let api: CreatedApi;

  const count = async (sql: string, id: string) =>
    Number((await stack.pg.query<{ n: string }>(sql, [id])).rows[0]!.n);
  const challenges = (id: string) =>
    count("SELECT count(*)::text AS n FROM challenges WHERE api_id = $1", id);
  const events = (id: string) => count("SELECT count(*)::text AS n FROM usage_events WHERE api_id = $1", id);

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/forecast", priceSats: 20 }],
    });
    gateway = await stack.startGateway();
    await stack.waitForApi(gateway, api.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("a preflight on a paid route is 204 with CORS headers, no invoice, no usage event", async () => {
    const seenBefore = upstream.seen.length;
    const preflight = await send(gateway.port, `/${api.slug}/forecast`, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    assert.equal(preflight.status, 204, preflight.body);
    assert.equal(preflight.headers["access-control-allow-origin"], "*");
    assert.match(String(preflight.headers["access-control-allow-methods"]), /\bGET\b/);
    assert.match(String(preflight.headers["access-control-allow-headers"]), /authorization/i);
    assert.equal(preflight.headers["access-control-allow-credentials"], undefined);
    assert.ok(Number(preflight.headers["access-control-max-age"]) > 0);
    await new Promise((r) => setTimeout(r, 300)); // past a metering flush and a challenge batch
    assert.equal(await challenges(api.id), 0, "a preflight minted an invoice");
    assert.equal(await events(api.id), 0, "a preflight was metered");
    assert.equal(upstream.seen.length, seenBefore, "a preflight reached the upstream");
  });

  it("the 402 and the paid answer carry CORS headers that expose WWW-Authenticate", async () => {
    const challenge = await send(gateway.port, `/${api.slug}/forecast`, { headers: { origin: ORIGIN } });
    assert.equal(challenge.status, 402);
    assert.equal(challenge.headers["access-control-allow-origin"], "*");
    assert.match(String(challenge.headers["access-control-expose-headers"]), /www-authenticate/i);
    const authorization = await stack.pay(challenge);
    const ok = await send(gateway.port, `/${api.slug}/forecast`, {
      headers: { origin: ORIGIN, authorization },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers["access-control-allow-origin"], "*");
    assert.match(String(ok.headers["access-control-expose-headers"]), /www-authenticate/i);
  });
});
