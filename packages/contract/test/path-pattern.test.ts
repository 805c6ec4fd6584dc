import assert from "node:assert/strict";
import { test } from "node:test";
import { checkPathPattern, isValidPathPattern, MAX_PATH_PATTERN_LENGTH } from "../src/path-pattern";

test("exact paths, a trailing /*, :name segments and a trailing slash are patterns", () => {
  for (const p of [
    "/",
    "/v1",
    "/v1/",
    "/v1/*",
    "/*",
    "/v1/:id",
    "/a/:id/b",
    "/v1.2/x_y/~me/a-b",
    "/:id_2/*",
  ]) {
    assert.equal(isValidPathPattern(p), true, p);
  }
});

test("anything outside the narrow alphabet is refused", () => {
  const bad = [
    "/a'b",
    '/a"b',
    "/$x",
    "/a`b`",
    "/a b",
    "/a;b",
    "/a%2e",
    "/a,b",
    "/a(b)",
    "/a@b",
    "/a=b",
    "/a!",
  ];
  for (const p of [...bad, "/v1:x", "/a*", "/a/*/b", "/*/x", "/a?b", "/a#b", "/a\\b", "/ä"]) {
    assert.equal(isValidPathPattern(p), false, p);
  }
});

test("shapes that could never match a request are refused with a reason", () => {
  const reason = (p: string) => {
    const c = checkPathPattern(p);
    assert.equal(c.ok, false, p);
    return c.ok ? "" : c.message;
  };
  assert.match(reason("v1"), /starts with \//);
  assert.match(reason("/a/../b"), /\. or \.\. segments/);
  assert.match(reason("/a/."), /\. or \.\. segments/);
  assert.match(reason("/a//b"), /empty segments/);
  assert.match(reason("//x"), /empty segments/);
  assert.match(reason("/a/:"), /needs a name/);
  assert.match(reason(`/${"a".repeat(MAX_PATH_PATTERN_LENGTH)}`), /at most 300/);
});
