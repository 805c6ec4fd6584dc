import assert from "node:assert/strict";
import { test } from "node:test";
import { TokenVerifier } from "../src/index";
import { makeToken, NOW } from "./fixtures";

const ctx = { service: "weather", now: NOW, method: "GET", path: "/x" };

test("a repeat verification returns the cached grant (same object)", () => {
  const v = new TokenVerifier();
  const t = makeToken();
  const first = v.verify(t.credential, t.rootKey, ctx);
  const second = v.verify({ macaroons: [t.macaroon], preimage: t.preimage }, t.rootKey, ctx);
  assert.equal(first.ok, true);
  assert.equal(second, first);
  assert.equal(v.size, 1);
  assert.ok(Object.isFrozen(first));
});

test("expiry and service are re-checked on every cached call", () => {
  const v = new TokenVerifier();
  const t = makeToken({ validUntil: NOW + 10 });
  assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
  const later = v.verify(t.credential, t.rootKey, { ...ctx, now: NOW + 11 });
  assert.equal(later.ok ? "ok" : later.code, "expired");
  const other = v.verify(t.credential, t.rootKey, { ...ctx, service: "stocks" });
  assert.equal(other.ok ? "ok" : other.code, "wrong_service");
  assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
});

test("a different preimage or root key misses the cache and is judged on its own", () => {
  const v = new TokenVerifier();
  const t = makeToken();
  assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
  const wrongPreimage = v.verify({ macaroons: [t.macaroon], preimage: makeToken().preimage }, t.rootKey, ctx);
  assert.equal(wrongPreimage.ok ? "ok" : wrongPreimage.code, "bad_preimage");
  const rekeyed = v.verify(t.credential, makeToken().rootKey, ctx);
  assert.equal(rekeyed.ok ? "ok" : rekeyed.code, "bad_signature");
  assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
});

test("the cache is bounded", () => {
  const v = new TokenVerifier({ maxEntries: 3 });
  const tokens = Array.from({ length: 5 }, () => makeToken());
  for (const t of tokens) assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
  assert.equal(v.size, 3);
  for (const t of tokens)
    assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true, "evicted entries re-verify");
  assert.equal(v.size, 3);
});

test("failures are cached too and stay failures; inspect is cached and safe on garbage", () => {
  const v = new TokenVerifier();
  const t = makeToken();
  const bad = { macaroons: ["AAAA"], preimage: t.preimage };
  assert.equal(v.verify(bad, t.rootKey, ctx).ok, false);
  assert.equal(v.verify(bad, t.rootKey, ctx).ok, false);
  const inspected = v.inspect(t.macaroon);
  assert.ok(inspected.ok && inspected.paymentHash === t.paymentHash);
  assert.equal(v.inspect(t.macaroon), inspected);
  assert.equal(v.inspect("%%%").ok, false);
});

test("the cached preimage matches in any hex case, and nothing that is not its hex", () => {
  const v = new TokenVerifier();
  const t = makeToken();
  const first = v.verify(t.credential, t.rootKey, ctx);
  assert.equal(
    v.verify({ macaroons: [t.macaroon], preimage: t.preimage.toUpperCase() }, t.rootKey, ctx),
    first,
  );
  const nonHex = `${t.preimage.slice(0, 62)}${String.fromCharCode(t.preimage.charCodeAt(62) + 0x80)}${t.preimage[63]}`;
  for (const bad of [t.preimage.slice(0, 63), `${t.preimage}0`, `${t.preimage.slice(0, 63)}g`, nonHex]) {
    const r = v.verify({ macaroons: [t.macaroon], preimage: bad }, t.rootKey, ctx);
    assert.equal(r.ok ? "ok" : r.code, "malformed", bad);
  }
  assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
});

test("hostile arguments give typed failures, never a throw", () => {
  const v = new TokenVerifier();
  const t = makeToken();
  // biome-ignore lint/suspicious/noExplicitAny: untyped callers
  const anyV = v as any;
  for (const [cred, key] of [
    [t.credential, undefined],
    [t.credential, 42],
    [null, t.rootKey],
    [{ macaroons: "x", preimage: t.preimage }, t.rootKey],
    [{ macaroons: [42], preimage: t.preimage }, t.rootKey],
    [{ macaroons: [t.macaroon], preimage: 7 }, t.rootKey],
  ]) {
    const r = anyV.verify(cred, key, ctx);
    assert.equal(r.ok, false);
    assert.equal(typeof r.code, "string");
  }
});
