import assert from "node:assert/strict";
import { test } from "node:test";
import { budgetSatisfier as s } from "../../src/caveats/budget";

test("budget_msat: non-negative safe integers", () => {
  assert.equal(s.kind, "budget_msat");
  assert.equal(s.parse("250000"), 250000);
  assert.equal(s.parse("9007199254740991"), 9007199254740991);
  for (const bad of ["", "-5", "9007199254740993", "1_000", "0x10"])
    assert.equal(s.parse(bad), undefined, bad);
});

test("budget_msat: a larger later budget is a widening", () => {
  assert.equal(s.narrows(1000, 999), true);
  assert.equal(s.narrows(1000, 1001), false);
});

test("budget_msat: never fails a request by itself (the gateway counts)", () => {
  assert.equal(s.check(0, { service: "x", now: 0 }), undefined);
});
