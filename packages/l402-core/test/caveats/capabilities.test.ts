import assert from "node:assert/strict";
import { test } from "node:test";
import { capabilitiesSatisfier as s } from "../../src/caveats/capabilities";

test("capabilities: comma list of names", () => {
  assert.deepEqual(s.parse("read,write"), ["read", "write"]);
  assert.deepEqual(s.parse("read,read"), ["read"]);
  for (const bad of ["", "read,", "re ad", "a,b c", "ü"]) assert.equal(s.parse(bad), undefined, bad);
});

test("capabilities: later caveat must be a subset", () => {
  assert.equal(s.narrows(["read", "write"], ["read"]), true);
  assert.equal(s.narrows(["read"], ["read", "write"]), false);
});

test("capabilities: a route needing a capability not granted is out of scope", () => {
  assert.equal(s.check(["read"], { service: "x", now: 0, capability: "read" }), undefined);
  assert.equal(s.check(["read"], { service: "x", now: 0 }), undefined, "routes that need none pass");
  assert.equal(s.check(["read"], { service: "x", now: 0, capability: "write" })?.code, "out_of_scope");
});
