import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveTenant } from "../src/tenant/resolve-tenant";

const D = "gw.localhost";
const head = (host: string | undefined, url: string, forwardedHost?: string) => ({
  host,
  url,
  forwardedHost,
});

describe("resolveTenant", () => {
  it("virtual host style, with port, any case, trailing dot", () => {
    assert.deepEqual(resolveTenant(head("Weather.GW.localhost.:8402", "/forecast?q=1"), D, false), {
      slug: "weather",
      style: "host",
      pathAndQuery: "/forecast?q=1",
      prefix: "",
    });
  });
  it("path style on any other host", () => {
    assert.deepEqual(resolveTenant(head("127.0.0.1:8402", "/weather/forecast?q=1"), D, false), {
      slug: "weather",
      style: "path",
      pathAndQuery: "/forecast?q=1",
      prefix: "/weather",
    });
    assert.equal(resolveTenant(head("127.0.0.1", "/weather"), D, false)?.pathAndQuery, "/");
    assert.equal(resolveTenant(head("127.0.0.1", "/weather?x=1"), D, false)?.pathAndQuery, "/?x=1");
    assert.equal(resolveTenant(head(undefined, "/weather/a"), D, false)?.slug, "weather");
  });
  it("a sub-subdomain or an invalid label is not a tenant", () => {
    assert.equal(resolveTenant(head("a.weather.gw.localhost", "/"), D, false), null);
    assert.equal(resolveTenant(head("admin.gw.localhost", "/"), D, false), null);
  });
  it("path style refuses reserved and invalid slugs", () => {
    assert.equal(resolveTenant(head("127.0.0.1", "/.well-known/l402.json"), D, false), null);
    assert.equal(resolveTenant(head("127.0.0.1", "/admin/x"), D, false), null);
    assert.equal(resolveTenant(head("127.0.0.1", "/"), D, false), null);
    assert.equal(resolveTenant(head("127.0.0.1", "*"), D, false), null);
  });
  it("X-Forwarded-Host decides only behind a trusted proxy, and only as one host", () => {
    const one = head("127.0.0.1", "/quotes/x", "weather.gw.localhost:443");
    assert.equal(resolveTenant(one, D, true)?.slug, "weather");
    assert.equal(resolveTenant(one, D, false)?.slug, "quotes");
    for (const value of ["weather.gw.localhost, evil", "evil, weather.gw.localhost", "a b", "", "x/y"]) {
      const h = head("127.0.0.1", "/quotes/x", value);
      assert.equal(resolveTenant(h, D, true), null, value);
      assert.equal(resolveTenant(h, D, false)?.slug, "quotes", value);
    }
  });
});
