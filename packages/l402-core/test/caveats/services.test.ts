import assert from "node:assert/strict";
import { test } from "node:test";
import { formatServices, servicesSatisfier as s } from "../../src/caveats/services";

test("services: parses aperture's slug:tier list", () => {
  assert.deepEqual(s.parse("weather:0"), [{ service: "weather", tier: 0 }]);
  assert.deepEqual(s.parse("a-1:2,b:0"), [
    { service: "a-1", tier: 2 },
    { service: "b", tier: 0 },
  ]);
  assert.equal(formatServices([{ service: "weather", tier: 3 }]), "services=weather:3");
});

test("services: refuses malformed values", () => {
  for (const bad of [
    "",
    "weather",
    "weather:",
    "Weather:0",
    "weather:-1",
    "weather:01",
    "a:0,,b:0",
    "a:0,a:1",
    " a:0",
    "a:0 ",
  ]) {
    assert.equal(s.parse(bad), undefined, bad);
  }
});

test("services: a later caveat may only name a subset", () => {
  const ab = s.parse("a:0,b:0") ?? [];
  assert.equal(s.narrows(ab, s.parse("a:0") ?? []), true);
  assert.equal(s.narrows(ab, s.parse("a:0,b:0") ?? []), true);
  assert.equal(s.narrows(s.parse("a:0") ?? [], ab), false);
  assert.equal(s.narrows(ab, s.parse("a:1") ?? []), false, "a different tier is not a subset");
});

test("services: the request's service must be listed", () => {
  const v = s.parse("a:0,b:0") ?? [];
  assert.equal(s.check(v, { service: "b", now: 0 }), undefined);
  assert.equal(s.check(v, { service: "c", now: 0 })?.code, "wrong_service");
});
