import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isValidOrigin } from "@tollbooth/contract";
import { corsHeadersFor, corsPolicy } from "../src/http/cors";
import { buildClientHeaders } from "../src/proxy/forward-headers";

describe("CORS policy", () => {
  it("validates origins as browsers serialise them", () => {
    for (const o of [
      "https://app.example.com",
      "http://localhost:3000",
      "http://127.0.0.1:8080",
      "http://[::1]:3000",
    ])
      assert.equal(isValidOrigin(o), true, o);
    for (const o of [
      "https://app.example.com/",
      "https://app.example.com/path",
      "https://APP.example.com",
      "ftp://x.example",
      "https://*.example.com",
      "*",
      "null",
      "https://a.example:443",
      "https://user@a.example",
      "https://a.example:99999",
      "",
    ])
      assert.equal(isValidOrigin(o), false, o);
  });
  it("no origins configured: * on every response, nothing echoed", () => {
    const policy = corsPolicy([]);
    const h = corsHeadersFor(policy, "https://evil.example");
    assert.equal(h?.["access-control-allow-origin"], "*");
    assert.equal(corsHeadersFor(policy, undefined)?.["access-control-allow-origin"], "*");
    assert.match(String(h?.["access-control-expose-headers"]), /WWW-Authenticate/);
    assert.equal(h?.["access-control-allow-credentials"], undefined);
  });
  it("a list: the listed origin echoed with Vary, others refused, no Origin still varies", () => {
    const policy = corsPolicy(["https://App.example.com", "not an origin"]);
    assert.equal(policy.anyOrigin, false);
    const h = corsHeadersFor(policy, "https://app.example.com");
    assert.equal(h?.["access-control-allow-origin"], "https://app.example.com");
    assert.equal(h?.vary, "Origin");
    assert.equal(corsHeadersFor(policy, "https://evil.example"), null);
    assert.equal(corsHeadersFor(policy, "null"), null);
    assert.deepEqual(corsHeadersFor(policy, undefined), { vary: "Origin" });
  });
  it("only invalid entries still restrict (nothing is allowed rather than everything)", () => {
    assert.equal(corsPolicy(["nope"]).anyOrigin, false);
  });
  it("the upstream's own CORS headers are replaced, its Vary kept", () => {
    const policy = corsPolicy(["https://app.example.com"]);
    const out = buildClientHeaders(
      {
        "access-control-allow-origin": "https://upstream.example",
        "access-control-allow-credentials": "true",
        vary: "Accept-Encoding",
        "x-data": "1",
      },
      null,
      corsHeadersFor(policy, "https://app.example.com") ?? undefined,
    );
    assert.equal(out["access-control-allow-origin"], "https://app.example.com");
    assert.equal(out["access-control-allow-credentials"], undefined);
    assert.equal(out.vary, "Accept-Encoding, Origin");
    assert.equal(out["x-data"], "1");
  });
});
