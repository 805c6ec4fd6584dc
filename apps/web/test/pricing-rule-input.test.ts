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
