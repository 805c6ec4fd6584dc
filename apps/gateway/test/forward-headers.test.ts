import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildClientHeaders, buildUpstreamHeaders } from "../src/proxy/forward-headers";

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
