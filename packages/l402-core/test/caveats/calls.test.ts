import assert from "node:assert/strict";
import { test } from "node:test";
import { callsSatisfier as s } from "../../src/caveats/calls";

test("calls: non-negative integers", () => {
  assert.equal(s.parse("10"), 10);
  assert.equal(s.parse("0"), 0);
  for (const bad of ["", "-1", "1.0", "010", "ten"]) assert.equal(s.parse(bad), undefined, bad);
});

test("calls: more calls in a later caveat is a widening", () => {
  assert.equal(s.narrows(10, 3), true);
  assert.equal(s.narrows(10, 10), true);
  assert.equal(s.narrows(10, 11), false);
});

test("calls: never fails a request by itself (the gateway counts)", () => {
  assert.equal(s.check(0, { service: "x", now: 0 }), undefined);
});
