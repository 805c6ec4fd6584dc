import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseRequestPath } from "../src/http/request-path";
import {
  compileRules,
  defaultRule,
  type PricingRuleRow,
  priceRoute as priceRouteOrNull,
  type RoutePrice,
} from "../src/pricing/price-route";
import { compilePathPattern, isValidPathPattern } from "../src/pricing/route-pattern";

const rule = (p: Partial<PricingRuleRow> & { position: number; pathPattern: string }): PricingRuleRow => ({
  id: `r${p.position}`,
  method: "*",
  kind: "per_call",
  priceSats: 10,
  callsPerToken: 1,
  passSeconds: null,
  ...p,
});

describe("compilePathPattern", () => {
  const table: Array<[string, string, boolean]> = [
    ["/forecast", "/forecast", true],
    ["/forecast", "/forecast/", false],
    ["/forecast", "/forecastx", false],
    ["/v1/*", "/v1", true],
    ["/v1/*", "/v1/", true],
    ["/v1/*", "/v1/a/b", true],
    ["/v1/*", "/v10", false],
    ["/*", "/anything/at/all", true],
    ["/users/:id", "/users/42", true],
    ["/users/:id", "/users/", false],
    ["/users/:id", "/users/42/posts", false],
    ["/users/:id/*", "/users/42/posts/1", true],
    ["/users/:id/posts", "/users/42/posts", true],
    ["/users/:id/posts", "/users/42/comments", false],
  ];
  for (const [pattern, path, expected] of table) {
    it(`${pattern} ${expected ? "matches" : "does not match"} ${path}`, () => {
      assert.equal(compilePathPattern(pattern)(path), expected);
    });
  }
  it("validates patterns", () => {
    assert.equal(isValidPathPattern("/v1/*"), true);
    assert.equal(isValidPathPattern("/v1/*/x"), false);
    assert.equal(isValidPathPattern("v1"), false);
  });
});

const FALLBACK = defaultRule("per_call", 1, 1);
/** Prices with a 1-sat default; a test of the default itself calls priceRouteOrNull. */
function priceRoute(rules: readonly RoutePrice[], method: string, path: string): RoutePrice {
  const r = priceRouteOrNull(rules, method, path, FALLBACK);
  assert.ok(r, `${method} ${path} priced`);
  return r;
}

describe("priceRoute", () => {
  const rules = compileRules([
    rule({ position: 2, pathPattern: "/v1/*", priceSats: 5, callsPerToken: 10 }),
    rule({ position: 1, pathPattern: "/v1/free", kind: "free", priceSats: 0 }),
    rule({ position: 3, method: "post", pathPattern: "/orders", priceSats: 50 }),
    rule({ position: 4, pathPattern: "/pass/*", kind: "time_pass", priceSats: 100, passSeconds: 3600 }),
  ]);
  it("first match by position wins", () => {
    assert.equal(priceRoute(rules, "GET", "/v1/free").kind, "free");
    const paid = priceRoute(rules, "GET", "/v1/other");
    assert.equal(paid.priceSats, 5);
    assert.equal(paid.amountSats, 50);
    assert.equal(paid.calls, 10);
  });
  it("method must match unless the rule says *", () => {
    assert.equal(priceRoute(rules, "POST", "/orders").priceSats, 50);
    assert.equal(priceRoute(rules, "GET", "/orders"), FALLBACK);
  });
  it("HEAD is priced like GET", () => {
    const getOnly = compileRules([rule({ position: 1, method: "GET", pathPattern: "/x", priceSats: 9 })]);
    assert.equal(priceRoute(getOnly, "HEAD", "/x").priceSats, 9);
    assert.equal(priceRoute(getOnly, "POST", "/x"), FALLBACK);
  });
  it("time passes cost their price once, unlimited calls", () => {
    const pass = priceRoute(rules, "GET", "/pass/x");
    assert.equal(pass.amountSats, 100);
    assert.equal(pass.calls, null);
  });
  it("no match → the API's default route", () => {
    const d = priceRoute(rules, "GET", "/nothing");
    assert.equal(d.amountSats, 1);
    assert.equal(d.kind, "per_call");
    const perCall = priceRouteOrNull(rules, "GET", "/nothing", defaultRule("per_call", 3, 4));
    assert.equal(perCall?.amountSats, 12);
    assert.equal(perCall?.id, null);
    assert.equal(priceRouteOrNull(rules, "GET", "/nothing", defaultRule("free", 9, 1))?.amountSats, 0);
  });
  it("no match and a refusing default → null (the gateway answers 404, never charges)", () => {
    assert.equal(defaultRule("refuse", 5, 1), null);
    assert.equal(priceRouteOrNull(rules, "GET", "/nothing", defaultRule("refuse", 5, 1)), null);
    assert.equal(
      defaultRule("per_call", 0, 1),
      null,
      "a per-call default without a price is refused, not free",
    );
    assert.equal(
      defaultRule("per_call", 10_000_000, 100_000),
      null,
      "a payment too big for a challenge is refused",
    );
    assert.equal(priceRouteOrNull(rules, "GET", "/v1/free", null)?.kind, "free", "rules still apply");
  });
});

describe("parseRequestPath", () => {
  it("keeps plain paths and queries", () => {
    assert.deepEqual(parseRequestPath("/v1/a?b=c"), {
      ok: true,
      path: "/v1/a",
      forwardPath: "/v1/a",
      query: "?b=c",
    });
    const decoded = parseRequestPath("/fore%63ast");
    assert.equal(decoded.ok && decoded.path, "/forecast");
  });
  const refused = [
    "/free/../paid",
    "/free/%2e%2e/paid",
    "/a%2fb",
    "/a%5cb",
    "/a\\b",
    "/%zz",
    "/a/./b",
    "/a%00",
    "x",
  ];
  for (const p of refused) it(`refuses ${p}`, () => assert.equal(parseRequestPath(p).ok, false));
  it("never throws and never accepts a dot segment (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const result = parseRequestPath(`/${s}`);
        if (result.ok) assert.ok(!result.path.split("/").some((seg) => seg === ".." || seg === "."));
      }),
    );
  });
});
