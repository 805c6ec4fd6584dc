import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { send } from "./helpers/http-client";
import { apiFixture, type StaticGateway, startStaticGateway } from "./helpers/static-gateway";
import { type Canary, type EchoUpstream, startCanary, startEchoUpstream } from "./helpers/upstreams";

/** Polls until `ready` holds; fails after `limitMs` (far beyond what the awaited event needs). */
async function waitUntil(ready: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("proxy on loopback", () => {
  let upstream: EchoUpstream;
  let canary: Canary;
  let gateway: StaticGateway;
  let deadPort: number;

  before(async () => {
    canary = await startCanary();
    upstream = await startEchoUpstream({ redirectTo: `http://127.0.0.1:${canary.port}/internal` });
    const dead = await startCanary();
    deadPort = dead.port;
    await dead.close();
    gateway = await startStaticGateway(
      [
        apiFixture(
          {
            slug: "echo",
            upstreamBaseUrl: `${upstream.url}/base/`,
            upstreamSecretHeader: "X-Api-Key",
          },
          [{ pathPattern: "/*" }],
          "provider-secret",
        ),
        apiFixture({ slug: "dead", upstreamBaseUrl: `http://127.0.0.1:${deadPort}` }, [
          { pathPattern: "/*" },
        ]),
      ],
      { pools: { headersMs: 300 } },
    );
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
    await canary.close();
  });

  it("serves a free route in both URL styles with the upstream's body", async () => {
    const viaPath = await send(gateway.port, "/echo/forecast?city=Oslo");
    assert.equal(viaPath.status, 200);
    assert.equal(viaPath.json().url, "/base/forecast?city=Oslo");
    const viaHost = await send(gateway.port, "/forecast", { headers: { host: "echo.gw.localhost:8402" } });
    assert.equal(viaHost.status, 200);
    assert.equal(viaHost.json().url, "/base/forecast");
    assert.equal(viaHost.headers["x-upstream"], "echo");
  });

  it("rewrites headers: no Authorization, provider secret replaces the client's, X-Forwarded-*", async () => {
    const res = await send(gateway.port, "/echo/h", {
      headers: {
        authorization: "L402 abc:def",
        "x-api-key": "client-forged",
        connection: "x-private",
        "x-private": "1",
        "x-forwarded-for": "6.6.6.6",
      },
    });
    const headers = res.json<{ headers: Record<string, string> }>().headers;
    assert.equal(headers.authorization, undefined);
    assert.equal(headers["x-api-key"], "provider-secret");
    assert.equal(headers["x-private"], undefined);
    assert.equal(headers["x-forwarded-for"], "127.0.0.1");
    assert.equal(headers["x-forwarded-proto"], "http");
    assert.equal(headers.host, `127.0.0.1:${upstream.port}`);
  });

  it("streams a request body up and a large body down, without hop-by-hop response headers", async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 98);
    const up = await send(gateway.port, "/echo/upload", { method: "POST", body });
    assert.equal(up.json().bodyBytes, body.length);
    const down = await send(gateway.port, "/echo/big");
    assert.equal(down.body.length, 32 * 64 * 1024);
    assert.equal(down.headers["x-hop"], undefined);
  });

  it("holds the upstream back while a slow client catches up, and delivers every byte", async () => {
    // The client reads nothing for a while: the gateway's writes back up and it must pause the
    // upstream, then resume it on drain, without losing or reordering a byte.
    const received = await new Promise<Buffer>((resolve, reject) => {
      const req = request({ port: gateway.port, host: "127.0.0.1", path: "/echo/big" }, (res) => {
        res.pause();
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
        setTimeout(() => res.resume(), 400);
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(received.length, 32 * 64 * 1024);
    assert.ok(received.every((b) => b === 97));
  });

  it("gives up the upstream request when the client hangs up", async () => {
    // A gateway that would wait a minute for the head: only the hang-up can end this exchange.
    const patient = await startStaticGateway(
      [apiFixture({ slug: "echo", upstreamBaseUrl: upstream.url }, [{ pathPattern: "/*" }])],
      { pools: { headersMs: 60_000 } },
    );
    try {
      const seenBefore = upstream.seen.length;
      const abandonedBefore = upstream.abandoned;
      const req = request({ port: patient.port, host: "127.0.0.1", path: "/echo/slow" });
      req.on("error", () => {});
      req.end();
      await waitUntil(() => upstream.seen.length > seenBefore, "the upstream got the request");
      req.destroy();
      await waitUntil(() => upstream.abandoned > abandonedBefore, "the upstream saw it abandoned");
      await patient.meter.drain();
      assert.equal(patient.events.at(-1)?.status, 499);
    } finally {
      await patient.close();
    }
  });

  it("passes upstream 5xx through, 504 on a timeout, 502 when unreachable", async () => {
    assert.equal((await send(gateway.port, "/echo/status/503")).status, 503);
    const slow = await send(gateway.port, "/echo/slow");
    assert.equal(slow.status, 504);
    assert.equal(slow.json().error, "upstream_timeout");
    const dead = await send(gateway.port, "/dead/x");
    assert.equal(dead.status, 502);
    assert.equal(dead.json().error, "upstream_unreachable");
    // With a body too: undici destroys the request body when the connect fails; we still answer.
    const deadPost = await send(gateway.port, "/dead/x", { method: "POST", body: "{}" });
    assert.equal(deadPost.status, 502);
  });

  it("passes a redirect to the client and never follows it", async () => {
    const res = await send(gateway.port, "/echo/redirect");
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, `http://127.0.0.1:${canary.port}/internal`);
    assert.equal(canary.connections, 0);
  });

  it("sends a POST to the upstream exactly once even when it fails", async () => {
    const before = upstream.seen.filter((s) => s.url === "/base/status/502").length;
    const res = await send(gateway.port, "/echo/status/502", { method: "POST", body: "x" });
    assert.equal(res.status, 502);
    assert.equal(upstream.seen.filter((s) => s.url === "/base/status/502").length, before + 1);
  });

  it("answers unknown tenants, bad paths and discovery as JSON", async () => {
    const unknown = await send(gateway.port, "/nosuch/x");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json().error, "unknown_tenant");
    const dots = await send(gateway.port, "/echo/a/../b");
    assert.equal(dots.status, 400);
    const discovery = await send(gateway.port, "/echo/.well-known/l402.json");
    assert.equal(discovery.status, 200);
    assert.equal(discovery.json<{ routes: unknown[] }>().routes.length, 1);
    const quote = await send(gateway.port, "/echo/.well-known/l402/quote?method=GET&path=/forecast");
    assert.deepEqual(
      { kind: quote.json().kind, amount: quote.json().amount_sats, route: quote.json().route },
      { kind: "free", amount: 0, route: "/*" },
    );
  });

  it("meters one event per call", async () => {
    const before = gateway.events.length + gateway.meter.buffered;
    await send(gateway.port, "/echo/metered");
    await gateway.meter.drain();
    const event = gateway.events.at(-1)!;
    assert.equal(gateway.events.length, before + 1);
    assert.equal(event.status, 200);
    assert.equal(event.route, "/*");
    assert.equal(event.free, true);
  });
});
