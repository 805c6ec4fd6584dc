// npm start prints the demo login: the default password, never one the operator chose.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { demoLoginLine } from "../lib/demo-login.mjs";

test("the default demo password is printed", () => {
  assert.equal(demoLoginLine({}), "demo@tollbooth.dev / demo-password");
});

test("a custom DEMO_PASSWORD is never printed, only where it is set", () => {
  const line = demoLoginLine({ DEMO_EMAIL: "me@example.com", DEMO_PASSWORD: "correct horse battery" });
  assert.ok(!line.includes("correct horse battery"));
  assert.equal(line, "me@example.com / (the DEMO_PASSWORD you set)");
});

test("npm start and the demo seed print the login through that one rule", () => {
  const root = new URL("../..", import.meta.url);
  for (const file of ["scripts/start.mjs", "apps/web/scripts/seed-demo.ts"]) {
    const source = readFileSync(new URL(file, root), "utf8");
    assert.match(source, /demoLoginLine\(/, file);
    assert.doesNotMatch(source, /\$\{password\}|DEMO_PASSWORD \?\? "demo-password"\}/, file);
  }
});
