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
  let listed: CreatedApi;

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
    listed = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/forecast", priceSats: 20 }],
    });
    await stack.pg.query(
      "UPDATE apis SET allowed_origins = ARRAY['https://App.example.com'], strict_path_matching = true WHERE id = $1",
      [listed.id],
    );
    gateway = await stack.startGateway();
    await stack.waitForApi(gateway, api.slug);
    await stack.waitForApi(gateway, listed.slug);
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

  it("an API with allowed origins echoes a listed one with Vary: Origin", async () => {
    const challenge = await send(gateway.port, `/${listed.slug}/forecast`, { headers: { origin: ORIGIN } });
    assert.equal(challenge.status, 402);
    assert.equal(challenge.headers["access-control-allow-origin"], ORIGIN);
    assert.match(String(challenge.headers.vary), /Origin/);
    const preflight = await send(gateway.port, `/${listed.slug}/forecast`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], ORIGIN);
    assert.equal(preflight.headers["access-control-allow-methods"], "POST");
  });

  it("an origin not listed is refused 403 before anything is priced or minted", async () => {
    const before = await challenges(listed.id);
    for (const method of ["GET", "OPTIONS"]) {
      const refused = await send(gateway.port, `/${listed.slug}/forecast`, {
        method,
        headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json().error, "origin_not_allowed");
      assert.equal(refused.headers["access-control-allow-origin"], undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await challenges(listed.id), before);
    // Agents send no Origin: never refused for it.
    const agent = await send(gateway.port, `/${listed.slug}/forecast`);
    assert.equal(agent.status, 402);
    assert.equal(agent.headers["access-control-allow-origin"], undefined);
    assert.match(String(agent.headers.vary), /Origin/);
  });

  it("a strict API (read from Postgres) prices the exact spelling only", async () => {
    const exact = await send(gateway.port, `/${listed.slug}/forecast`);
    assert.equal(exact.json().amount_sats, 20);
    const other = await send(gateway.port, `/${listed.slug}/FORECAST`);
    assert.equal(other.status, 402);
    assert.equal(other.json().amount_sats, 1, "strict: /FORECAST is not /forecast (the default rule)");
    const loose = await send(gateway.port, `/${api.slug}/FORECAST/`);
    assert.equal(loose.json().amount_sats, 20, "default: /FORECAST/ is /forecast");
  });

  it("bad preflights get a 4xx JSON error", async () => {
    const bad = await send(gateway.port, `/${api.slug}/forecast`, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "GET",
        "access-control-request-headers": "a b",
      },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json().error, "invalid_preflight");
    assert.equal(bad.headers["access-control-allow-origin"], "*");
    const trace = await send(gateway.port, `/${api.slug}/forecast`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "TRACE" },
    });
    assert.equal(trace.status, 405);
    const path = await send(gateway.port, `/${api.slug}/a;b`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "GET" },
    });
    assert.equal(path.status, 400);
    assert.equal(path.json().error, "invalid_path");
  });
});
