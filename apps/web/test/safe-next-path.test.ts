import assert from "node:assert/strict";
import { test } from "node:test";
import { safeNextPath } from "../src/lib/safe-next-path";

test("paths on this site are kept", () => {
  assert.equal(safeNextPath("/dashboard/apis/new"), "/dashboard/apis/new");
  assert.equal(safeNextPath("/dashboard?tab=usage#x"), "/dashboard?tab=usage#x");
});

test("anything that could leave the site falls back to the dashboard", () => {
  for (const next of [
    null,
    "",
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\/evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "dashboard",
  ]) {
    assert.equal(safeNextPath(next), "/dashboard", String(next));
  }
});
