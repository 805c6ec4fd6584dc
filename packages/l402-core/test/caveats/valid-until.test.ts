import assert from "node:assert/strict";
import { test } from "node:test";
import { validUntilSatisfier as s } from "../../src/caveats/valid-until";

test("valid_until: canonical unix seconds only", () => {
  assert.equal(s.parse("1800000000"), 1800000000);
  assert.equal(s.parse("0"), 0);
  for (const bad of ["", "-1", "01", "1.5", "1e9", " 1", "99999999999999999", "abc"])
    assert.equal(s.parse(bad), undefined, bad);
});

test("valid_until: good through the given second, expired after", () => {
  assert.equal(s.check(100, { service: "x", now: 99 }), undefined);
  assert.equal(s.check(100, { service: "x", now: 100 }), undefined);
  assert.equal(s.check(100, { service: "x", now: 101 })?.code, "expired");
});

test("valid_until: a later caveat may only move expiry earlier", () => {
  assert.equal(s.narrows(100, 50), true);
  assert.equal(s.narrows(100, 100), true);
  assert.equal(s.narrows(100, 101), false);
});
