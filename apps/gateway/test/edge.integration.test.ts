// Over 300 lines: fifteen edge cases sharing one gateway configured from the environment.
/**
 * The gateway's edge, with real loopback requests: who the client is (trusted proxies, the web's
 * visitor header), which host was asked for, and what an upstream's response may set. The
 * gateway is configured the way production is — from the environment, through optionsFromEnv —
 * with trust-proxy on.
 */
import assert from "node:assert/strict";
import { request, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { optionsFromEnv, parseGatewayEnv } from "../src/config/env";
import type { GatewayAppOptions } from "../src/config/gateway-options";
import { sendError } from "../src/http/send-error";
import { createAdminServer } from "../src/ops/admin-server";
import { GatewayMetrics } from "../src/ops/metrics";
import type { Paywall } from "../src/payment/paywall-types";
import { send, sendRaw, statusesIn } from "./helpers/http-client";
import { apiFixture, type StaticGateway, startStaticGateway } from "./helpers/static-gateway";
import { closeServer, type EchoUpstream, listen, startEchoUpstream } from "./helpers/upstreams";

const SECRET = "visitor-secret-for-tests-0123456789";

/** The app options production derives from these environment variables. */
function appOptionsFromEnv(vars: Record<string, string>): Partial<GatewayAppOptions> {
  const o = optionsFromEnv(parseGatewayEnv({ DATABASE_URL: "postgresql://x@127.0.0.1/db", ...vars }));
  return {
    domain: o.domain,
    trustProxy: o.trustProxy,
    publicUrl: o.publicUrl,
    visitorSecret: o.visitorSecret,
  } as Partial<GatewayAppOptions>;
}

/** Answers every priced request with 402 and remembers the client key the gateway handed it. */
function recordingPaywall(keys: string[]): Paywall {
  return {
    authorize({ res, clientKey }) {
      keys.push(clientKey);
      sendError(res, 402, "payment_required", "Payment is required.");
      return { kind: "answered", status: 402, tokenId: null };
    },
    async refund() {},
  };
}

function raw(path: string, headerLines: string[]): string {
  return `GET ${path} HTTP/1.1\r\n${headerLines.map((l) => `${l}\r\n`).join("")}Connection: close\r\n\r\n`;
}

function bodyOf(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
}

describe("edge: trusted proxy (GATEWAY_TRUST_PROXY=1, the peer is loopback)", () => {
  let upstream: EchoUpstream;
  let gateway: StaticGateway;
  const keys: string[] = [];

  before(async () => {
    upstream = await startEchoUpstream();
    gateway = await startStaticGateway(
      [
        apiFixture({ slug: "alpha", upstreamBaseUrl: `${upstream.url}/alpha` }, [
          { pathPattern: "/free/*" },
          { pathPattern: "/paid", kind: "per_call", priceSats: 1 },
        ]),
        apiFixture({ slug: "bravo", upstreamBaseUrl: `${upstream.url}/bravo` }, [{ pathPattern: "/*" }]),
      ],
      {
        paywall: recordingPaywall(keys),
        app: appOptionsFromEnv({ GATEWAY_TRUST_PROXY: "1", GATEWAY_VISITOR_SECRET: SECRET }),
      },
    );
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  async function keyFor(headerLines: string[]): Promise<string> {
    keys.length = 0;
    const response = await sendRaw(gateway.port, raw("/alpha/paid", ["Host: 127.0.0.1", ...headerLines]));
    assert.deepEqual(statusesIn(response), [402], response);
    assert.equal(keys.length, 1);
    return keys[0]!;
  }

  it("takes the right-most X-Forwarded-For entry (the one our proxy wrote), not the client's", async () => {
    const table: Array<[string[], string]> = [
      [[], "127.0.0.1"],
      [["X-Forwarded-For: 203.0.113.9"], "203.0.113.9"],
      [["X-Forwarded-For: 6.6.6.6, 203.0.113.9"], "203.0.113.9"],
      [["X-Forwarded-For:    6.6.6.6 ,   203.0.113.9   "], "203.0.113.9"],
      [["X-Forwarded-For: 6.6.6.6", "X-Forwarded-For: 203.0.113.9"], "203.0.113.9"],
      [["X-Forwarded-For: 6.6.6.6, 7.7.7.7", "x-forwarded-for: 203.0.113.9"], "203.0.113.9"],
      [["X-Forwarded-For: 203.0.113.9:51234"], "203.0.113.9"],
      [["X-Forwarded-For: 10.1.2.3, 203.0.113.9"], "203.0.113.9"],
    ];
    for (const [lines, expected] of table) assert.equal(await keyFor(lines), expected, lines.join(" | "));
  });

  it("keys IPv6 clients by /64 and IPv4-mapped IPv6 as IPv4", async () => {
    const a = await keyFor(["X-Forwarded-For: 2001:db8:1:2::1"]);
    const b = await keyFor(["X-Forwarded-For: [2001:db8:1:2:ffff:ffff:ffff:ffff]:443"]);
    const c = await keyFor(["X-Forwarded-For: 2001:DB8:1:3::1"]);
    assert.equal(a, b, "one /64 is one client");
    assert.notEqual(a, c, "another /64 is another client");
    assert.equal(a, "2001:db8:1:2::/64");
    assert.equal(await keyFor(["X-Forwarded-For: ::ffff:203.0.113.9"]), "203.0.113.9");
    assert.equal(await keyFor(["X-Forwarded-For: ::ffff:cb00:7109"]), "203.0.113.9");
  });

  it("garbage in the proxy's entry never becomes a client key", async () => {
    for (const value of ["not-an-ip", "1.2.3.4.5", "999.1.1.1", "", ", ,", "2001:db8::1::2", "01.2.3.4"]) {
      const key = await keyFor([`X-Forwarded-For: 6.6.6.6, ${value}`]);
      assert.equal(key, "127.0.0.1", `X-Forwarded-For: 6.6.6.6, ${value}`);
    }
  });

  it("honours X-Forwarded-Host from a trusted peer only when it is one unambiguous host", async () => {
    const one = await send(gateway.port, "/free/x", {
      headers: { host: "127.0.0.1", "x-forwarded-host": "alpha.gw.localhost" },
    });
    assert.equal(one.status, 200, one.body);
    assert.equal(one.json().url, "/alpha/free/x");
    for (const lines of [
      ["X-Forwarded-Host: alpha.gw.localhost, bravo.gw.localhost"],
      ["X-Forwarded-Host: bravo.gw.localhost", "X-Forwarded-Host: alpha.gw.localhost"],
      ["X-Forwarded-Host: bravo.gw.localhost/evil"],
      ["X-Forwarded-Host: bravo.gw.localhost alpha.gw.localhost"],
      ["X-Forwarded-Host: "],
    ]) {
      const response = await sendRaw(gateway.port, raw("/free/x", ["Host: 127.0.0.1", ...lines]));
      assert.deepEqual(statusesIn(response), [400], `${lines.join(" | ")}\n${response}`);
      assert.equal(bodyOf(response).error, "invalid_forwarded_host");
    }
    assert.equal(upstream.seen.filter((s) => s.url.startsWith("/bravo")).length, 0, "bravo never asked");
  });

  it("refuses duplicate Host headers with a JSON 400", async () => {
    const response = await sendRaw(
      gateway.port,
      raw("/free/x", ["Host: alpha.gw.localhost", "Host: bravo.gw.localhost"]),
    );
    assert.deepEqual(statusesIn(response), [400], response);
    assert.equal(bodyOf(response).error, "duplicate_host");
  });

  it("honours the web's visitor header only with the right secret, and never forwards it", async () => {
    const visitor = "x-tollbooth-visitor";
    const secret = "x-tollbooth-visitor-secret";
    assert.equal(await keyFor([`${visitor}: 198.51.100.20`, `${secret}: ${SECRET}`]), "198.51.100.20");
    assert.equal(await keyFor([`${visitor}: 2001:db8:5:6::9`, `${secret}: ${SECRET}`]), "2001:db8:5:6::/64");
    assert.equal(await keyFor([`${visitor}: 198.51.100.20`, `${secret}: wrong`]), "127.0.0.1");
    assert.equal(await keyFor([`${visitor}: 198.51.100.20`]), "127.0.0.1");
    assert.equal(await keyFor([`${visitor}: 198.51.100.20`, `${secret}: ${SECRET}x`]), "127.0.0.1");
    assert.equal(await keyFor([`${visitor}: garbage`, `${secret}: ${SECRET}`]), "127.0.0.1");
    const res = await send(gateway.port, "/alpha/free/v", {
      headers: { [visitor]: "198.51.100.20", [secret]: SECRET },
    });
    const seen = res.json<{ headers: Record<string, string> }>().headers;
    assert.equal(seen[visitor], undefined);
    assert.equal(seen[secret], undefined);
    assert.equal(seen["x-forwarded-for"], "198.51.100.20, 127.0.0.1");
  });

  it("the upstream sees the trusted chain only, never the client's own claims", async () => {
    const res = await send(gateway.port, "/alpha/free/chain", {
      headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9", host: "evil.example" },
    });
    const seen = res.json<{ headers: Record<string, string> }>().headers;
    assert.equal(seen["x-forwarded-for"], "203.0.113.9, 127.0.0.1");
    assert.equal(seen["x-forwarded-host"], "127.0.0.1:8402");
  });

  it("builds the discovery document's base_url from configuration, not the client's Host", async () => {
    const viaPath = await send(gateway.port, "/alpha/.well-known/l402.json", {
      headers: { host: "evil.example" },
    });
    assert.equal(viaPath.json().base_url, "http://127.0.0.1:8402/alpha");
    const viaHost = await send(gateway.port, "/.well-known/l402.json", {
      headers: { host: "alpha.gw.localhost:9999" },
    });
    assert.equal(viaHost.json().base_url, "http://alpha.gw.localhost:8402");
  });
});

describe("edge: a peer outside GATEWAY_TRUSTED_PROXIES is the client", () => {
  let upstream: EchoUpstream;
  let gateway: StaticGateway;
  const keys: string[] = [];

  before(async () => {
    upstream = await startEchoUpstream();
    gateway = await startStaticGateway(
      [
        apiFixture({ slug: "alpha", upstreamBaseUrl: `${upstream.url}/alpha` }, [
          { pathPattern: "/free/*" },
          { pathPattern: "/paid", kind: "per_call", priceSats: 1 },
        ]),
      ],
      {
        paywall: recordingPaywall(keys),
        app: appOptionsFromEnv({
          GATEWAY_TRUST_PROXY: "1",
          GATEWAY_TRUSTED_PROXIES: "10.0.0.0/8, 2001:db8::/32",
        }),
      },
    );
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  it("ignores X-Forwarded-For and X-Forwarded-Host from an untrusted peer", async () => {
    for (const xff of ["203.0.113.9", "6.6.6.6, 203.0.113.9"]) {
      keys.length = 0;
      const res = await send(gateway.port, "/alpha/paid", { headers: { "x-forwarded-for": xff } });
      assert.equal(res.status, 402);
      assert.deepEqual(keys, ["127.0.0.1"], xff);
    }
    const res = await send(gateway.port, "/alpha/free/x", {
      headers: { host: "127.0.0.1", "x-forwarded-host": "alpha.gw.localhost, evil" },
    });
    assert.equal(res.status, 200, "path style decides; the header is not believed");
    assert.equal(res.json<{ headers: Record<string, string> }>().headers["x-forwarded-for"], "127.0.0.1");
  });
});

describe("edge: an IPv6 loopback proxy (the gateway listening on ::1)", () => {
  let upstream: EchoUpstream;
  const keys: string[] = [];
  const gateways: StaticGateway[] = [];

  before(async () => {
    upstream = await startEchoUpstream();
  });
  after(async () => {
    for (const g of gateways) await g.close();
    await upstream.close();
  });

  async function keyOver6(vars: Record<string, string>, xff: string): Promise<string> {
    const gateway = await startStaticGateway(
      [
        apiFixture({ slug: "alpha", upstreamBaseUrl: upstream.url }, [
          { pathPattern: "/paid", kind: "per_call" },
        ]),
      ],
      { paywall: recordingPaywall(keys), app: appOptionsFromEnv(vars), host: "::1" },
    );
    gateways.push(gateway);
    keys.length = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "::1",
          port: gateway.port,
          path: "/alpha/paid",
          headers: { "x-forwarded-for": xff },
          agent: false,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end();
    });
    assert.equal(status, 402);
    return keys[0]!;
  }

  it("::1 is a trusted proxy by default, and the client behind it is keyed", async () => {
    assert.equal(await keyOver6({ GATEWAY_TRUST_PROXY: "1" }, "6.6.6.6, 203.0.113.9"), "203.0.113.9");
  });
  it("an untrusted ::1 peer is itself the client, keyed by its /64", async () => {
    const key = await keyOver6({ GATEWAY_TRUSTED_PROXIES: "10.0.0.0/8" }, "203.0.113.9");
    assert.equal(key, "0:0:0:0::/64");
  });
});

describe("edge: what an upstream response may set", () => {
  let upstream: EchoUpstream;
  let gateway: StaticGateway;

  before(async () => {
    upstream = await startEchoUpstream();
    gateway = await startStaticGateway([
      apiFixture({ slug: "alpha", upstreamBaseUrl: upstream.url }, [{ pathPattern: "/*" }]),
    ]);
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  it("drops cookies with a Domain attribute and headers aimed at the gateway's whole origin", async () => {
    const res = await send(gateway.port, "/cookies", { headers: { host: "alpha.gw.localhost" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["x-upstream"], "cookies");
    assert.deepEqual(res.all("set-cookie"), ["host_only=1; Path=/; HttpOnly", "scoped=1; Path=/inner"]);
    for (const name of [
      "clear-site-data",
      "service-worker-allowed",
      "alt-svc",
      "strict-transport-security",
    ]) {
      assert.equal(res.headers[name], undefined, name);
    }
  });

  it("path style: a tenant's cookies stay under its own /<slug> path", async () => {
    const res = await send(gateway.port, "/alpha/cookies");
    assert.deepEqual(res.all("set-cookie"), [
      "host_only=1; HttpOnly; Path=/alpha",
      "scoped=1; Path=/alpha/inner",
    ]);
  });
});

describe("edge: the admin port answers only to its own names (DNS rebinding)", () => {
  let server: Server;
  let port: number;

  before(async () => {
    server = createAdminServer(
      new GatewayMetrics(),
      { ready: () => ({ ok: true }), servesHost: (h) => h === "alpha.gw.example.net" },
      { hosts: ["gateway"] },
    );
    port = await listen(server);
  });
  after(() => closeServer(server));

  it("serves loopback names and refuses any other Host with a JSON 421", async () => {
    for (const host of [`127.0.0.1:${port}`, "localhost", `[::1]:${port}`, "LOCALHOST:1"]) {
      const res = await send(port, "/healthz", { headers: { host } });
      assert.equal(res.status, 200, host);
    }
    for (const host of [`rebound.example:${port}`, "127.0.0.1.nip.io", "evil.localhost", "127.0.0.2"]) {
      const res = await send(port, "/metrics", { headers: { host } });
      assert.equal(res.status, 421, host);
      assert.equal(res.json().error, "unexpected_host");
    }
    const missing = await sendRaw(port, "GET /healthz HTTP/1.0\r\n\r\n");
    assert.deepEqual(statusesIn(missing), [421], missing);
    assert.equal((await send(port, "/healthz", { headers: { host: "gateway:8403" } })).status, 200);
  });

  it("tells the TLS proxy which names may get a certificate", async () => {
    const ask = (domain: string) =>
      send(port, `/tls/allowed?domain=${encodeURIComponent(domain)}`, { headers: { host: "gateway:8403" } });
    assert.equal((await ask("alpha.gw.example.net")).status, 200);
    assert.equal((await ask("ALPHA.gw.example.net")).status, 200);
    assert.equal((await ask("evil.example")).status, 404);
    assert.equal((await ask("")).status, 404);
  });
});
