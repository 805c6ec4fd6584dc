import assert from "node:assert/strict";
import { test } from "node:test";
import { batchRefusal } from "../src/server/trpc/batch-guard";

process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1/unused";
const at = (path: string) => new URL(`http://localhost:3000/api/trpc/${path}`);

test("account mutations inside a batch are a 400 JSON, alone they pass", async () => {
  for (const path of [
    "auth.signIn,auth.signIn?batch=1",
    "auth.me,auth.signIn?batch=1",
    "auth.signUp,apis.list?batch=1",
    "auth.resetPassword,auth.resetPassword?batch=1",
    "auth.requestPasswordReset,auth.me?batch=1",
    "auth.confirmEmail,auth.me?batch=1",
    "auth.signIn%2Cauth.signIn?batch=1",
  ]) {
    const res = batchRefusal(at(path), "/api/trpc");
    assert.ok(res, path);
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, "batch_not_allowed", path);
  }
  for (const path of [
    "auth.signIn",
    "auth.signIn?batch=1",
    "auth.me,apis.list?batch=1",
    "auth.signIn,auth.signIn",
  ]) {
    assert.equal(batchRefusal(at(path), "/api/trpc"), null, path);
  }
});

test("a malformed percent-encoding is a 400, not a crash", async () => {
  const res = batchRefusal(at("auth.signIn%E0%A4%A,x?batch=1"), "/api/trpc");
  assert.equal(res?.status, 400);
});
