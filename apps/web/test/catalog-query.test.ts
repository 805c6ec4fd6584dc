import assert from "node:assert/strict";
import { test } from "node:test";
import { ZCatalogQuerySchema } from "../src/server/catalog/list-catalog";

test("catalog search text with a NUL is a clear 400, not a failed query", () => {
  assert.equal(ZCatalogQuerySchema.safeParse({ q: "weather" }).success, true);
  for (const bad of [{ q: "a\0" }, { category: "\0" }]) {
    const r = ZCatalogQuerySchema.safeParse(bad);
    assert.equal(r.success, false);
    assert.match(r.error?.issues[0]?.message ?? "", /NUL/);
  }
});
