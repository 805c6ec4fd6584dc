import assert from "node:assert/strict";
import { test } from "node:test";
import macaroon from "macaroon";
import { attenuate, inspectToken, L402Error, verifyToken } from "../src/index";
import { craftToken, makeToken, NOW } from "./fixtures";

const ctx = { service: "weather", now: NOW, method: "GET", path: "/forecast/today" };

test("a sub-token is narrower, verifies with the parent's root key and preimage, and the library agrees", () => {
  const parent = makeToken({ calls: 100, budgetMsat: 1_000_000 });
  const child = attenuate(parent.macaroon, {
    calls: 10,
    budgetMsat: 50_000,
    validUntil: NOW + 60,
    paths: ["/forecast/*"],
  });
  const r = verifyToken({ macaroons: [child], preimage: parent.preimage }, parent.rootKey, ctx);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.calls, 10);
  assert.equal(r.budgetMsat, 50_000);
  assert.equal(r.validUntil, NOW + 60);
  assert.deepEqual(r.scope.paths, ["/forecast/*"]);
  assert.equal(inspectToken(child).ok && inspectToken(child).ok, true);
  macaroon.importMacaroon(child).verify(parent.rootKey, () => null); // throws if the chain is wrong
  const outside = verifyToken({ macaroons: [child], preimage: parent.preimage }, parent.rootKey, {
    ...ctx,
    path: "/admin",
  });
  assert.equal(outside.ok ? "ok" : outside.code, "out_of_scope");
});

test("sub-budget accounting: every descendant carries its ancestors' limit fingerprints", () => {
  const root = makeToken({ calls: 100, budgetMsat: 1_000_000 });
  const cred = (m: string) => ({ macaroons: [m], preimage: root.preimage });
  const rootResult = verifyToken(cred(root.macaroon), root.rootKey, ctx);
  const a = attenuate(root.macaroon, { budgetMsat: 300_000 });
  const b = attenuate(root.macaroon, { budgetMsat: 300_000 });
  const a1 = attenuate(a, { calls: 5 });
  const ra = verifyToken(cred(a), root.rootKey, ctx);
  const rb = verifyToken(cred(b), root.rootKey, ctx);
  const ra1 = verifyToken(cred(a1), root.rootKey, ctx);
  assert.ok(rootResult.ok && ra.ok && rb.ok && ra1.ok);
  const fps = (r: typeof ra) => (r.ok ? r.limits.map((l) => l.fingerprint) : []);
  // siblings a and b share the root's limits, so their spends count against the root's budget
  assert.deepEqual(fps(ra).slice(0, 2), fps(rootResult));
  assert.deepEqual(fps(rb).slice(0, 2), fps(rootResult));
  assert.equal(fps(ra)[2], ra.fingerprint, "a's own limit is named by a's fingerprint");
  // same restriction, different tokens? No: attenuation is deterministic, so a and b are the same token
  assert.equal(a, b);
  // a1 inherits root and a limits, then adds its own
  assert.deepEqual(fps(ra1).slice(0, 3), fps(ra));
  assert.equal(ra1.limits[3]?.calls, 5);
  assert.deepEqual(ra1.parentFingerprints, fps(ra));
  assert.notEqual(ra1.fingerprint, ra.fingerprint);
  // fingerprints never expose a signature
  const sig = Buffer.from(root.macaroon, "base64").subarray(-32).toString("hex");
  for (const fp of fps(ra1)) assert.ok(!sig.includes(fp));
});

test("attenuating wider than the token refuses with a typed error", () => {
  const t = makeToken({ calls: 10, validUntil: NOW + 100, paths: ["/forecast/*"] });
  for (const wider of [
    { calls: 11 },
    { validUntil: NOW + 101 },
    { paths: ["/*"] },
    { budgetMsat: 100_001 },
  ]) {
    assert.throws(
      () => attenuate(t.macaroon, wider),
      (e) => e instanceof L402Error && e.code === "caveat_widened",
      JSON.stringify(wider),
    );
  }
  assert.throws(
    () => attenuate(t.macaroon, {}),
    (e) => e instanceof L402Error && e.code === "malformed",
  );
  assert.throws(
    () => attenuate(t.macaroon, { calls: -1 }),
    (e) => e instanceof L402Error && e.code === "invalid_caveat",
  );
  assert.throws(
    () => attenuate("garbage!", { calls: 1 }),
    (e) => e instanceof L402Error && e.code === "malformed",
  );
});

test("with several services, the service to narrow must be named", () => {
  const t = craftToken(["services=weather:0,stocks:0"]);
  assert.throws(
    () => attenuate(t.macaroon, { calls: 1 }),
    (e) => e instanceof L402Error && e.code === "wrong_service",
  );
  const child = attenuate(t.macaroon, { calls: 1, service: "stocks" });
  const r = verifyToken({ macaroons: [child], preimage: t.preimage }, t.rootKey, {
    service: "stocks",
    now: NOW,
  });
  assert.ok(r.ok && r.calls === 1);
});
