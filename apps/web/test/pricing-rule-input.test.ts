import assert from "node:assert/strict";
import { test } from "node:test";
import { ZPricingRuleInput } from "../src/server/apis/set-pricing-rules";

const parse = (rule: Record<string, unknown>) => ZPricingRuleInput.safeParse({ pathPattern: "/x", ...rule });
const message = (rule: Record<string, unknown>) => {
  const r = parse(rule);
  assert.equal(r.success, false, JSON.stringify(rule));
  return r.error?.issues[0]?.message ?? "";
};

test("exact paths, prefixes and named parameters are valid patterns", () => {
  for (const pathPattern of ["/", "/current", "/v1/*", "/quotes/:id", "/v1/", "/a/:id/b"]) {
    assert.equal(parse({ pathPattern, priceSats: 5 }).success, true, pathPattern);
  }
});

test("patterns that could never match a request are refused", () => {
  for (const pathPattern of ["/a/../b", "/a/./b", "/..", "/a//b", "//x", "/a/:", "/a/:/b"]) {
    assert.match(message({ pathPattern, priceSats: 5 }), /segments/, pathPattern);
  }
});

test("prices are whole, non-negative sats within the cap, in plain words", () => {
  assert.match(message({ priceSats: -1 }), /cannot be negative/);
  assert.match(message({ priceSats: 1.5 }), /whole number/);
  assert.match(message({ priceSats: 10_000_001 }), /at most 10,000,000/);
  assert.match(message({ priceSats: "5" }), /whole number/);
  assert.match(message({ priceSats: Number.NaN }), /whole number/);
  assert.match(message({ kind: "per_call", priceSats: 0 }), /at least 1 sat/);
  assert.equal(parse({ kind: "free", priceSats: 0 }).success, true);
});

test("one payment (price × calls per payment) cannot ask more than an int32 of sats", () => {
  // 10,000,000 × 100,000 used to save, and then every challenge for the route failed with a 503.
  assert.match(
    message({ kind: "per_call", priceSats: 10_000_000, callsPerToken: 100_000 }),
    /at most 2,147,483,647 sats/,
  );
  assert.match(message({ kind: "per_call", priceSats: 21_475, callsPerToken: 100_000 }), /price × calls/);
  assert.equal(parse({ kind: "per_call", priceSats: 21_474, callsPerToken: 100_000 }).success, true);
  // a time pass asks its price once, whatever the calls field says
  assert.equal(
    parse({ kind: "time_pass", priceSats: 10_000_000, callsPerToken: 100_000, passSeconds: 3600 }).success,
    true,
  );
});

test("a pattern outside the contract's narrow alphabet is refused at save (quotes, $, spaces, %)", () => {
  for (const pathPattern of ["/a'b", "/$x", "/a b", "/a%2e"]) {
    assert.match(message({ pathPattern, priceSats: 5 }), /letters, digits and - \. _ ~ only/, pathPattern);
  }
  assert.equal(parse({ pathPattern: "/v1.2/items_all/~me/:id/*", priceSats: 5 }).success, true);
});
