import assert from "node:assert/strict";
import { test } from "node:test";
import { visitorAddress, visitorHeaders } from "../src/server/tryit/visitor-headers";

const SECRET = "a-shared-secret-of-enough-length";

test("the visitor is the right-most X-Forwarded-For entry, the one the proxy wrote", () => {
  assert.equal(visitorAddress(new Headers({ "x-forwarded-for": "203.0.113.9" })), "203.0.113.9");
  assert.equal(visitorAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" })), "203.0.113.9");
  assert.equal(visitorAddress(new Headers({ "x-forwarded-for": "6.6.6.6,  2001:db8::1 " })), "2001:db8::1");
  assert.equal(visitorAddress(new Headers({ "x-forwarded-for": "6.6.6.6, <script>" })), null);
  assert.equal(visitorAddress(new Headers()), null);
  assert.equal(visitorAddress(null), null);
});

test("the claim goes with the secret, and not at all without one", () => {
  const incoming = new Headers({ "x-forwarded-for": "203.0.113.9" });
  assert.deepEqual(visitorHeaders(incoming, SECRET), {
    "x-tollbooth-visitor": "203.0.113.9",
    "x-tollbooth-visitor-secret": SECRET,
  });
  assert.deepEqual(visitorHeaders(incoming, null), {});
  assert.deepEqual(visitorHeaders(new Headers(), SECRET), {});
});
