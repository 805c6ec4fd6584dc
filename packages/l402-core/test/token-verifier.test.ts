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

/** The same token with one byte of its binary form replaced: the signature (the base64 tail) stays. */
function withByteReplaced(macaroon: string, find: string, replace: string): string {
  const bytes = Buffer.from(macaroon, "base64");
  const at = bytes.indexOf(find, 0, "latin1");
  assert.ok(at >= 0 && find.length === replace.length);
  bytes.write(replace, at, "latin1");
  const out = bytes.toString("base64");
  assert.equal(out.slice(-40), macaroon.slice(-40), "same signature tail, so the same cache slot");
  return out;
}

test("a macaroon sharing a cached token's signature tail is judged on its own", () => {
  const v = new TokenVerifier();
  const t = makeToken({ calls: 100 });
  assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
  // A forged caveat under the genuine signature: the cache must not hand out the genuine grant.
  const forged = withByteReplaced(t.macaroon, "weather_calls=100", "weather_calls=999");
  const r = v.verify({ macaroons: [forged], preimage: t.preimage }, t.rootKey, ctx);
  assert.equal(r.ok ? "ok" : r.code, "bad_signature");
  // The unsigned location may change: another string, same grant, verified afresh.
  const moved = withByteReplaced(t.macaroon, "tollbooth", "tollbootx");
  const movedGrant = v.verify({ macaroons: [moved], preimage: t.preimage }, t.rootKey, ctx);
  assert.equal(movedGrant.ok && movedGrant.calls, 100);
  assert.equal(v.verify(t.credential, t.rootKey, ctx).ok, true);
  const inspected = v.inspect(forged);
  assert.ok(inspected.ok && inspected.caveats.includes("weather_calls=999"));
  const genuine = v.inspect(t.macaroon);
  assert.ok(genuine.ok && genuine.caveats.includes("weather_calls=100"));
});

test("without `now` the clock decides expiry, on every cached call; scope is re-checked too", () => {
  const v = new TokenVerifier();
  const nowSeconds = Math.floor(Date.now() / 1000);
  const live = makeToken({ validUntil: nowSeconds + 3600, paths: ["/v1/*"], methods: ["GET"] });
  const base = { service: "weather", method: "GET", path: "/v1/forecast" };
  for (let i = 0; i < 2; i++) assert.equal(v.verify(live.credential, live.rootKey, base).ok, true);
  const post = v.verify(live.credential, live.rootKey, { ...base, method: "post" });
  assert.equal(post.ok ? "ok" : post.message, "This token is not valid for the method POST.");
  assert.equal(v.verify(live.credential, live.rootKey, { ...base, method: "get" }).ok, true);
  const outside = v.verify(live.credential, live.rootKey, { ...base, path: "/v2/forecast" });
  assert.equal(outside.ok ? "ok" : outside.code, "out_of_scope");
  const dead = makeToken({ validUntil: nowSeconds - 5 });
  for (let i = 0; i < 2; i++) {
    const r = v.verify(dead.credential, dead.rootKey, base);
    assert.equal(r.ok ? "ok" : r.code, "expired");
  }
});
