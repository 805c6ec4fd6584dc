import assert from "node:assert/strict";
import { test } from "node:test";
import { hashPassword, verifyPassword } from "../src/server/auth/password";
import {
  clearedSessionCookie,
  hashSessionToken,
  newSessionToken,
  readSessionCookie,
  sessionCookie,
} from "../src/server/auth/session-token";

test("scrypt hashes carry their parameters and a per-user salt", async () => {
  const h1 = await hashPassword("correct horse battery staple");
  const h2 = await hashPassword("correct horse battery staple");
  assert.match(h1, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(h1, h2, "same password, different salt");
  assert.equal(await verifyPassword("correct horse battery staple", h1), true);
  assert.equal(await verifyPassword("correct horse battery stapl", h1), false);
  assert.equal(await verifyPassword("anything", "not-a-hash"), false);
});

test("session cookies are httpOnly, SameSite=Lax, and only their hash is stored", () => {
  const token = newSessionToken();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(hashSessionToken(token), /^[0-9a-f]{64}$/);
  assert.notEqual(hashSessionToken(token), token);
  const cookie = sessionCookie(token, { secure: true, expires: new Date(0) });
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Secure/);
  assert.doesNotMatch(sessionCookie(token, { secure: false, expires: new Date(0) }), /Secure/);
  assert.match(clearedSessionCookie(false), /Max-Age=0/);
  assert.equal(readSessionCookie(`a=1; tb_session=${token}; b=2`), token);
  assert.equal(readSessionCookie("a=1"), undefined);
  assert.equal(readSessionCookie("tb_session="), undefined);
});

test("where cookies are Secure the session cookie is __Host- prefixed: Secure, Path=/, no Domain", () => {
  const token = newSessionToken();
  const cookie = sessionCookie(token, { secure: true, expires: new Date(0) });
  assert.match(cookie, /^__Host-tb_session=[A-Za-z0-9_-]{43}; /);
  assert.match(cookie, /; Path=\/(;|$)/);
  assert.match(cookie, /; Secure(;|$)/);
  assert.doesNotMatch(cookie, /domain=/i);
  assert.match(clearedSessionCookie(true), /^__Host-tb_session=; Path=\/; .*Max-Age=0; Secure$/);
  assert.equal(readSessionCookie(`__Host-tb_session=${token}`, true), token);
  // A plain tb_session (which a sibling subdomain could plant) is not our cookie there.
  assert.equal(readSessionCookie(`tb_session=${token}`, true), undefined);
  // Over http in development the prefix cannot be used: a plain, non-Secure cookie.
  assert.match(sessionCookie(token, { secure: false, expires: new Date(0) }), /^tb_session=/);
});

test("two session cookies in one request count as signed out, not 'first wins'", () => {
  const mine = newSessionToken();
  const planted = newSessionToken();
  assert.equal(readSessionCookie(`tb_session=${planted}; tb_session=${mine}`), undefined);
  assert.equal(readSessionCookie(`tb_session=${mine}; a=1; tb_session=${mine}`), undefined);
  assert.equal(readSessionCookie(`__Host-tb_session=${mine}; __Host-tb_session=${planted}`, true), undefined);
  assert.equal(readSessionCookie(`__Host-tb_session=${mine}; tb_session=${planted}`, true), mine);
});
