import assert from "node:assert/strict";
import { test } from "node:test";
import { clientIp } from "../src/server/auth/client-ip";

const req = (xff?: string) =>
  new Request("http://web.test/", xff === undefined ? {} : { headers: { "x-forwarded-for": xff } });

test("the sign-in throttle keys on the right-most X-Forwarded-For hop, address characters only", () => {
  assert.equal(clientIp(req("203.0.113.9")), "203.0.113.9");
  assert.equal(clientIp(req("6.6.6.6, 203.0.113.9")), "203.0.113.9");
  assert.equal(clientIp(req("6.6.6.6,  2001:db8::1 ")), "2001:db8::1");
  assert.equal(clientIp(req("6.6.6.6, [::1]")), "unknown");
  assert.equal(clientIp(req("6.6.6.6, <script>")), "unknown");
  assert.equal(clientIp(req("")), "unknown");
  assert.equal(clientIp(req()), "unknown");
});
