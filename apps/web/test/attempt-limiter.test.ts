import assert from "node:assert/strict";
import { test } from "node:test";
import { AttemptLimiter } from "../src/server/auth/attempt-limiter";

test("an email is blocked after too many failures, until the window passes", () => {
  let now = 0;
  const limiter = new AttemptLimiter(3, 1000, () => now);
  for (let i = 0; i < 3; i++) {
    assert.equal(limiter.isBlocked("a@x"), false);
    limiter.recordFailure("a@x");
  }
  assert.equal(limiter.isBlocked("a@x"), true);
  assert.equal(limiter.isBlocked("b@x"), false, "other emails are not affected");
  now = 1001;
  assert.equal(limiter.isBlocked("a@x"), false);
});

test("a successful sign-in clears the count", () => {
  const limiter = new AttemptLimiter(2, 1000, () => 0);
  limiter.recordFailure("a@x");
  limiter.recordSuccess("a@x");
  limiter.recordFailure("a@x");
  assert.equal(limiter.isBlocked("a@x"), false);
});
