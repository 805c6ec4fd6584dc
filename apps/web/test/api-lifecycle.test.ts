import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiLifecycle } from "../src/lib/api-lifecycle";

describe("apiLifecycle", () => {
  const at = new Date();
  const table: Array<[{ published: boolean; status: string; archivedAt: Date | null }, string]> = [
    [{ published: false, status: "active", archivedAt: null }, "draft"],
    [{ published: true, status: "active", archivedAt: null }, "published"],
    [{ published: true, status: "paused", archivedAt: null }, "paused"],
    [{ published: false, status: "paused", archivedAt: null }, "draft"],
    [{ published: true, status: "disabled", archivedAt: null }, "disabled"],
    [{ published: true, status: "active", archivedAt: at }, "archived"],
    [{ published: false, status: "disabled", archivedAt: at }, "archived"],
  ];
  for (const [row, expected] of table) {
    it(`${JSON.stringify(row)} → ${expected}`, () => assert.equal(apiLifecycle(row), expected));
  }
});
