import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildClientHeaders, buildUpstreamHeaders, clientCookie } from "../src/proxy/forward-headers";

describe("buildUpstreamHeaders", () => {
  const base = {
    forwardedFor: ["203.0.113.7"],
    publicHost: "weather.gw.localhost:8402",
    proto: "http" as const,
    upstreamHost: "api.example.com",
  };
  it("strips hop-by-hop, Connection-named, Authorization; replaces the secret header", () => {
    const out = buildUpstreamHeaders({
      ...base,
      headers: {
        connection: "keep-alive, X-Secret-Thing",
        "x-secret-thing": "1",
        "keep-alive": "timeout=5",
        te: "trailers",
        "transfer-encoding": "chunked",
        upgrade: "websocket",
        "proxy-authorization": "Basic x",
        authorization: "L402 mac:pre",
        "x-api-key": "client-supplied",
        expect: "100-continue",
        "x-forwarded-for": "1.2.3.4",
        accept: "application/json",
        host: "weather.gw.localhost:8402",
      },
      secretHeader: "X-Api-Key",
      secretValue: "provider-secret",
    });
    assert.deepEqual(out, {
      accept: "application/json",
      host: "api.example.com",
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-host": "weather.gw.localhost:8402",
      "x-forwarded-proto": "http",
      "x-api-key": "provider-secret",
    });
  });
  it("sends the trusted chain, client first", () => {
    const out = buildUpstreamHeaders({ ...base, headers: {}, forwardedFor: ["198.51.100.1", "203.0.113.7"] });
    assert.equal(out["x-forwarded-for"], "198.51.100.1, 203.0.113.7");
  });
});

describe("buildClientHeaders", () => {
  it("strips hop-by-hop and Connection-named response headers", () => {
    assert.deepEqual(
      buildClientHeaders({
        connection: "close, x-internal",
        "x-internal": "1",
        "transfer-encoding": "chunked",
        "keep-alive": "timeout=5",
        "content-type": "application/json",
        "set-cookie": ["a=1", "b=2"],
      }),
      { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] },
    );
  });
});

describe("clientCookie", () => {
  it("drops any Domain attribute, however spelled; host-only cookies pass unchanged", () => {
    for (const cookie of [
      "a=1; Domain=example.com",
      "a=1;domain=.x",
      "a=1; DOMAIN",
      "a=1; Path=/; domain=",
    ]) {
      assert.equal(clientCookie(cookie, null), null, cookie);
      assert.equal(clientCookie(cookie, "/weather"), null, cookie);
    }
    assert.equal(
      clientCookie("a=1; Path=/; Secure; SameSite=Lax", null),
      "a=1; Path=/; Secure; SameSite=Lax",
    );
    assert.equal(clientCookie("domain=1; Path=/", null), "domain=1; Path=/", "a cookie named domain is fine");
  });
  it("puts a path-style tenant's cookie under its slug", () => {
    assert.equal(clientCookie("a=1", "/weather"), "a=1; Path=/weather");
    assert.equal(clientCookie("a=1; Path=/", "/weather"), "a=1; Path=/weather");
    assert.equal(clientCookie("a=1; path=/v1/x; HttpOnly", "/weather"), "a=1; HttpOnly; Path=/weather/v1/x");
    assert.equal(clientCookie("a=1; Path=relative", "/weather"), "a=1; Path=/weather");
    assert.equal(clientCookie("a=1; Path=/x; Path=/", "/weather"), "a=1; Path=/weather");
  });
});
