import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseRequestPath } from "../src/http/request-path";
import { compileRules, type PricingRuleRow, priceRoute } from "../src/pricing/price-route";
import { routeKey } from "../src/pricing/route-pattern";

const ok = (target: string) => {
  const parsed = parseRequestPath(target);
  assert.ok(parsed.ok, `${target} was refused: ${!parsed.ok && parsed.message}`);
  return parsed;
};

describe("the canonical path", () => {
  const table: Array<[string, string, string]> = [
    ["/forecast", "/forecast", "/forecast"],
    ["//x/forecast", "/x/forecast", "/x/forecast"],
    ["/a//b///c", "/a/b/c", "/a/b/c"],
    ["//", "/", "/"],
    ["/forecast/", "/forecast/", "/forecast/"],
    ["/a//", "/a/", "/a/"],
    ["/%66orecast", "/forecast", "/forecast"],
    ["/caf%c3%a9", "/café", "/caf%C3%A9"],
    ["/a%20b", "/a b", "/a%20b"],
    ["/a%3fb%23c", "/a?b#c", "/a%3Fb%23c"],
    ["/%40user:x", "/@user:x", "/@user:x"],
    ['/a"b', '/a"b', "/a%22b"],
    ["/100%25", "/100%", "/100%25"],
    ["/.well-known/l402.json", "/.well-known/l402.json", "/.well-known/l402.json"],
  ];
  for (const [target, path, forwardPath] of table) {
    it(`${target} is priced as ${path} and forwarded as ${forwardPath}`, () => {
      const parsed = ok(`${target}?q=%2F`);
      assert.equal(parsed.path, path);
      assert.equal(parsed.forwardPath, forwardPath);
      assert.equal(parsed.query, "?q=%2F");
    });
  }
  const refused = [
    "/free/../paid",
    "/x/..;/paid",
    "/paid;x",
    "/paid;jsessionid=1",
    "/paid%3bx",
    "/free/%2e%2e/paid",
    "/free/.%2E/paid",
    "/a/./b",
    "/a/%2e/b",
    "/a%2fb",
    "/a%2Fb",
    "/a%5cb",
    "/a\\b",
    "/a%00",
    "/a%0a",
    "/a%7f",
    "/%zz",
    "/%e9",
    "/%252e%252e/x",
    "/a#b",
    "x",
    "",
  ];
  for (const target of refused) {
    it(`refuses ${JSON.stringify(target)}`, () => {
      const parsed = parseRequestPath(target);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.message.endsWith("."));
    });
  }

  const token = fc.constantFrom(
    "/",
    "//",
    ".",
    "..",
    ";",
    "a",
    "B",
    "%2e",
    "%2E",
    "%2f",
    "%3b",
    "%25",
    "%41",
    "%c3%a9",
    "~",
    "@",
    ":",
    '"',
    "%zz",
  );
  it("is stable: WHATWG URL and decoding read the forwarded path back as the canonical one (property)", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const parsed = parseRequestPath(`/${tokens.join("")}`);
        if (!parsed.ok) return;
        const { path, forwardPath } = parsed;
        assert.ok(!path.includes("//") && !path.includes(";"), path);
        assert.ok(!path.split("/").some((s) => s === "." || s === ".."), path);
        assert.equal(new URL(forwardPath, "http://u.invalid").pathname, forwardPath);
        assert.equal(decodeURIComponent(forwardPath), path);
        const again = parseRequestPath(forwardPath);
        assert.ok(again.ok);
        assert.equal(again.path, path);
        assert.equal(again.forwardPath, forwardPath);
      }),
      { numRuns: 10_000 },
    );
  });
  it("never throws on any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: "binary" }), (s) => {
        parseRequestPath(`/${s}`);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("matching: case and one trailing slash ignored unless strict", () => {
  it("routeKey", () => {
    assert.equal(routeKey("/forecast", false), "/forecast");
    assert.equal(routeKey("/FoReCast/", false), "/forecast");
    assert.equal(routeKey("/", false), "/");
    assert.equal(routeKey("/CAFÉ", false), "/cafÉ", "only ASCII letters fold, as routers do");
    assert.equal(routeKey("/\u212Aey", false), "/\u212Aey", "the Kelvin sign is not a K");
    assert.equal(routeKey("/FoReCast/", true), "/FoReCast/");
  });
  it("the plain path costs no allocation: the same string comes back", () => {
    const path = "/forecast/daily";
    assert.equal(Object.is(routeKey(path, false), path), true);
    const parsed = ok(path);
    assert.equal(Object.is(parsed.path, parsed.forwardPath), true);
  });
  const row = (p: Partial<PricingRuleRow> & { position: number; pathPattern: string }): PricingRuleRow => ({
    id: `r${p.position}`,
    method: "*",
    kind: "per_call",
    priceSats: 20,
    callsPerToken: 1,
    passSeconds: null,
    ...p,
  });
  const rows = [
    row({ position: 1, pathPattern: "/forecast" }),
    row({ position: 2, pathPattern: "/Users/:id" }),
    row({ position: 3, pathPattern: "/docs/" }),
    row({ position: 4, pathPattern: "/*", kind: "free", priceSats: 0 }),
  ];
  it("default: a spelling is priced by its route", () => {
    const rules = compileRules(rows);
    for (const p of ["/forecast", "/FORECAST", "/forecast/", "/Forecast/"])
      assert.equal(priceRoute(rules, "GET", p, null)?.id, "r1", p);
    for (const p of ["/users/1", "/USERS/1/"]) assert.equal(priceRoute(rules, "GET", p, null)?.id, "r2", p);
    for (const p of ["/docs", "/docs/"]) assert.equal(priceRoute(rules, "GET", p, null)?.id, "r3", p);
    assert.equal(priceRoute(rules, "GET", "/forecastx", null)?.id, "r4");
  });
  it("strict: exact case and slash", () => {
    const rules = compileRules(rows, true);
    assert.equal(priceRoute(rules, "GET", "/forecast", null, true)?.id, "r1");
    for (const p of ["/FORECAST", "/forecast/"])
      assert.equal(priceRoute(rules, "GET", p, null, true)?.id, "r4", p);
    assert.equal(priceRoute(rules, "GET", "/Users/1", null, true)?.id, "r2");
    assert.equal(priceRoute(rules, "GET", "/users/1", null, true)?.id, "r4");
    assert.equal(priceRoute(rules, "GET", "/docs/", null, true)?.id, "r3");
    assert.equal(priceRoute(rules, "GET", "/docs", null, true)?.id, "r4");
  });
});
