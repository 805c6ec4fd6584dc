/** verifyMacaroon: what the holder of a 402's macaroon can prove without its preimage. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { attenuate, newRootKey, verifyMacaroon } from "../src/index";
import { craftToken, makeToken, NOW } from "./fixtures";

test("a minted macaroon verifies without its preimage, for its service, before it expires", () => {
  const t = makeToken();
  const verified = verifyMacaroon(t.macaroon, t.rootKey, { service: "weather", now: NOW });
  assert.ok(verified.ok);
  assert.equal(verified.paymentHash, t.paymentHash);
  assert.equal(verified.validUntil, NOW + 3600);
});

test("another root key, a tampered byte, another service, or past its expiry → refused", () => {
  const t = makeToken();
  const code = (r: ReturnType<typeof verifyMacaroon>) => (r.ok ? "ok" : r.code);
  assert.equal(
    code(verifyMacaroon(t.macaroon, newRootKey(), { service: "weather", now: NOW })),
    "bad_signature",
  );
  const bytes = Buffer.from(t.macaroon, "base64");
  bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 1;
  assert.notEqual(
    code(verifyMacaroon(bytes.toString("base64"), t.rootKey, { service: "weather", now: NOW })),
    "ok",
  );
  assert.equal(code(verifyMacaroon(t.macaroon, t.rootKey, { service: "quotes", now: NOW })), "wrong_service");
  assert.equal(
    code(verifyMacaroon(t.macaroon, t.rootKey, { service: "weather", now: NOW + 3601 })),
    "expired",
  );
  assert.equal(
    code(verifyMacaroon("not a macaroon", t.rootKey, { service: "weather", now: NOW })),
    "malformed",
  );
});

test("an attenuated macaroon keeps its narrower expiry; a widening one is refused", () => {
  const t = makeToken();
  const narrowed = attenuate(t.macaroon, { validUntil: NOW + 60 });
  assert.ok(verifyMacaroon(narrowed, t.rootKey, { service: "weather", now: NOW + 30 }).ok);
  const late = verifyMacaroon(narrowed, t.rootKey, { service: "weather", now: NOW + 61 });
  assert.equal(late.ok ? "ok" : late.code, "expired");
  const widened = craftToken([
    "services=weather:0",
    `weather_valid_until=${NOW + 60}`,
    `weather_valid_until=${NOW + 9999}`,
  ]);
  const refused = verifyMacaroon(widened.macaroon, widened.rootKey, { service: "weather", now: NOW });
  assert.equal(refused.ok, false);
});

test("third-party caveats are refused", () => {
  const t = craftToken(["services=weather:0"], { thirdParty: true });
  const r = verifyMacaroon(t.macaroon, t.rootKey, { service: "weather", now: NOW });
  assert.equal(r.ok ? "ok" : r.code, "unknown_caveat");
});
