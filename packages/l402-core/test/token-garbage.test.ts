import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { inspectToken, MAX_MACAROON_BASE64, TokenVerifier, verifyToken } from "../src/index";
import { decodeMacaroon } from "../src/macaroon-binary";
import { makeToken, NOW } from "./fixtures";

const ctx = { service: "weather", now: NOW, method: "GET", path: "/x" };

test("property: random bytes and strings never throw in the decoder, inspect or verify", () => {
  const t = makeToken();
  const verifier = new TokenVerifier({ maxEntries: 50 });
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString("base64")),
        fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.concat([Buffer.of(2), b]).toString("base64")),
        fc.string({ maxLength: 500 }),
      ),
      (text) => {
        const bytes = Buffer.from(text, "base64");
        decodeMacaroon(bytes);
        const inspected = inspectToken(text);
        if (!inspected.ok) assert.ok(["malformed", "unsupported_version"].includes(inspected.error.code));
        const r = verifyToken({ macaroons: [text], preimage: t.preimage }, t.rootKey, ctx);
        assert.equal(r.ok, false);
        assert.equal(verifier.verify({ macaroons: [text], preimage: t.preimage }, t.rootKey, ctx).ok, false);
      },
    ),
    { numRuns: 3000 },
  );
});

test("oversized macaroons are refused before decoding", () => {
  const r = inspectToken("A".repeat(MAX_MACAROON_BASE64 + 4));
  assert.ok(!r.ok && r.error.code === "malformed");
});

test("a varint claiming a huge length cannot make the decoder read past the input", () => {
  const bytes = Buffer.from([2, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]);
  assert.equal(decodeMacaroon(bytes), undefined);
  const overlong = Buffer.from([2, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
  assert.equal(decodeMacaroon(overlong), undefined);
});
