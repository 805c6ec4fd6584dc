import assert from "node:assert/strict";
import { test } from "node:test";
import { decide, delayAfter, THROTTLE, type ThrottleState } from "../src/server/auth/throttle";

const rule = THROTTLE.signInEmail;

test("the first attempts are free, then each waits twice as long, up to the cap", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map((n) => delayAfter(n, rule)),
    [0, 0, 0, 0, 1000, 2000, 4000, 8000],
  );
  assert.equal(delayAfter(40, rule), rule.maxMs);
  assert.equal(delayAfter(10_000, rule), rule.maxMs);
});

test("an attempt inside the wait is refused with the time left; after it, allowed again (no lockout)", () => {
  let state: ThrottleState | null = null;
  let now = 1_000_000;
  for (let i = 0; i < rule.free; i++) {
    const d = decide(state, now, rule);
    assert.ok(d.allowed);
    state = d.next;
  }
  const refused = decide(state, now + 10, rule);
  assert.deepEqual(refused, { allowed: false, retryAfterMs: 990 });
  now += 1000;
  const again = decide(state, now, rule);
  assert.ok(again.allowed);
  assert.equal(again.next.attempts, rule.free + 1);
  assert.equal(again.next.blockedUntil, now + 2000);
});

test("a key left alone for a day starts from zero", () => {
  const busy: ThrottleState = { attempts: 30, blockedUntil: 5_000_000, updatedAt: 0 };
  const d = decide(busy, rule.forgetAfterMs + 1, rule);
  assert.ok(d.allowed);
  assert.equal(d.next.attempts, 1);
});

test("fifteen minutes of guessing at one account buys at most 15 guesses", () => {
  let state: ThrottleState | null = null;
  let allowed = 0;
  for (let now = 0; now <= 15 * 60_000; now += 250) {
    const d = decide(state, now, rule);
    if (d.allowed) {
      allowed += 1;
      state = d.next;
    }
  }
  assert.ok(allowed <= 15, `${allowed} guesses`);
});
