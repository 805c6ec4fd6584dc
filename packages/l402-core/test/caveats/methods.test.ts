import assert from "node:assert/strict";
import { test } from "node:test";
import { methodsSatisfier as s } from "../../src/caveats/methods";

test("methods: uppercase method names", () => {
  assert.deepEqual(s.parse("GET,POST"), ["GET", "POST"]);
  for (const bad of ["", "get", "GET,", "GET POST", "G1"]) assert.equal(s.parse(bad), undefined, bad);
});

test("methods: later caveat must be a subset", () => {
  assert.equal(s.narrows(["GET", "POST"], ["GET"]), true);
  assert.equal(s.narrows(["GET"], ["GET", "DELETE"]), false);
});

test("methods: request method in any case must be allowed; none given fails closed", () => {
  assert.equal(s.check(["GET"], { service: "x", now: 0, method: "get" }), undefined);
  assert.equal(s.check(["GET"], { service: "x", now: 0, method: "POST" })?.code, "out_of_scope");
  assert.equal(s.check(["GET"], { service: "x", now: 0 })?.code, "out_of_scope");
});
