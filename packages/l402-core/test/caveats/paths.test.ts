import assert from "node:assert/strict";
import { test } from "node:test";
import { pathsSatisfier as s } from "../../src/caveats/paths";

const req = (path?: string) => ({ service: "x", now: 0, ...(path === undefined ? {} : { path }) });

test("paths: exact paths and /* prefixes", () => {
  assert.deepEqual(s.parse("/a,/b/*"), ["/a", "/b/*"]);
  assert.deepEqual(s.parse("/*"), ["/*"]);
  for (const bad of ["", "a", "/a b", "/a,", "/a*", "/*/b", "/a/../b", "/a/%2e%2e/b", "/a?x=1", "/a#f"]) {
    assert.equal(s.parse(bad), undefined, bad);
  }
});

test("paths: prefix matches itself and below, exact matches only itself", () => {
  const v = s.parse("/forecast/*,/status") ?? [];
  for (const ok of ["/forecast", "/forecast/", "/forecast/today", "/status"])
    assert.equal(s.check(v, req(ok)), undefined, ok);
  for (const bad of ["/forecastx", "/status/x", "/", "/other"])
    assert.equal(s.check(v, req(bad))?.code, "out_of_scope", bad);
});

test("paths: dot segments and missing paths fail closed", () => {
  const v = s.parse("/forecast/*") ?? [];
  assert.equal(s.check(v, req("/forecast/../admin"))?.code, "out_of_scope");
  assert.equal(s.check(v, req("/forecast/%2E%2E/admin"))?.code, "out_of_scope");
  assert.equal(s.check(v, req())?.code, "out_of_scope");
});

test("paths: a later caveat must stay inside an earlier pattern", () => {
  const all = s.parse("/*") ?? [];
  const forecast = s.parse("/forecast/*") ?? [];
  assert.equal(s.narrows(all, forecast), true);
  assert.equal(s.narrows(forecast, s.parse("/forecast/today,/forecast/week/*") ?? []), true);
  assert.equal(s.narrows(forecast, all), false);
  assert.equal(s.narrows(forecast, s.parse("/forecastx") ?? []), false);
  assert.equal(s.narrows(s.parse("/a") ?? [], s.parse("/a/*") ?? []), false);
});
