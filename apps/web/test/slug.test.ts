import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSlug, RESERVED_SLUGS, slugFromName } from "../src/lib/slug";

test("valid slugs pass", () => {
  for (const s of ["weather", "abc", "a1-b2", "x".repeat(40), "my-api-2"])
    assert.deepEqual(checkSlug(s), { ok: true, slug: s });
});

test("bad slugs are refused with a reason", () => {
  for (const s of [
    "ab",
    "x".repeat(41),
    "Weather",
    "we_ather",
    "-abc",
    "abc-",
    "a--b",
    "wéather",
    "a b c",
    "abc.def",
  ]) {
    const r = checkSlug(s);
    assert.equal(r.ok, false, s);
    if (!r.ok) assert.ok(r.message.length > 5);
  }
});

test("reserved words are refused", () => {
  for (const s of ["www", "api", "admin", "app", "gw", "hub", "dashboard", "static"]) {
    assert.ok(RESERVED_SLUGS.has(s));
    assert.equal(checkSlug(s).ok, false, s);
  }
});

test("a slug suggestion from a name is itself valid", () => {
  assert.equal(slugFromName("Weather API!"), "weather-api");
  assert.equal(slugFromName("  Crème brûlée  "), "creme-brulee");
  assert.equal(
    checkSlug(slugFromName("A very long name that goes on and on beyond forty characters")).ok,
    true,
  );
});
