import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeIdentifier, encodeIdentifier, L402Error } from "../src/index";

const paymentHash = "ab".repeat(32);
const tokenId = "cd".repeat(32);

test("encodes the standard 66-byte layout: uint16 BE version 0, payment hash, token id", () => {
  const id = encodeIdentifier({ paymentHash, tokenId });
  assert.equal(id.length, 66);
  assert.equal(id.toString("hex"), `0000${paymentHash}${tokenId}`);
});

test("accepts bytes as well as hex and round-trips", () => {
  const id = encodeIdentifier({
    paymentHash: Buffer.from(paymentHash, "hex"),
    tokenId: Buffer.from(tokenId, "hex"),
  });
  assert.deepEqual(decodeIdentifier(id), { ok: true, identifier: { version: 0, paymentHash, tokenId } });
});

test("refuses wrong lengths when encoding with a typed error", () => {
  assert.throws(
    () => encodeIdentifier({ paymentHash: "ab", tokenId }),
    (e) => e instanceof L402Error && e.code === "malformed",
  );
  assert.throws(
    () => encodeIdentifier({ paymentHash, tokenId: Buffer.alloc(31) }),
    (e) => e instanceof L402Error && e.code === "malformed",
  );
  assert.throws(() => encodeIdentifier({ paymentHash: "zz".repeat(32), tokenId }), L402Error);
});

test("decoding other lengths is malformed, other versions unsupported", () => {
  const good = encodeIdentifier({ paymentHash, tokenId });
  const cases: Array<[Uint8Array, string]> = [
    [Buffer.alloc(0), "malformed"],
    [Buffer.alloc(1), "malformed"],
    [good.subarray(0, 65), "malformed"],
    [Buffer.concat([good, Buffer.of(0)]), "malformed"],
    [Buffer.concat([Buffer.of(0, 1), good.subarray(2)]), "unsupported_version"],
    [Buffer.concat([Buffer.of(1, 0), good.subarray(2)]), "unsupported_version"],
  ];
  for (const [bytes, code] of cases) {
    const result = decodeIdentifier(bytes);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, code);
  }
});
