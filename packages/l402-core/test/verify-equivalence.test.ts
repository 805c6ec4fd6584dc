/**
 * The fast verifier (node:crypto, our v2 parser) must agree byte for byte with the `macaroon`
 * library, the reference implementation ln-service uses, on thousands of random and attenuated
 * tokens, and on random mutations of them.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { test } from "node:test";
import fc from "fast-check";
import macaroon from "macaroon";
import { attenuate, mintToken } from "../src/index";
import { decodeMacaroon, encodeMacaroon } from "../src/macaroon-binary";
import { hmacSha256, signatureChain } from "../src/signature";
import { parseToken } from "../src/token";
import { verifyCredential } from "../src/verify";

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const NOW = 1_800_000_000;

function libSignatureValid(b64: string, rootKey: Uint8Array): boolean {
  try {
    macaroon.importMacaroon(b64).verify(rootKey, () => null);
    return true;
  } catch {
    return false;
  }
}

function ourSignatureValid(b64: string, rootKey: Uint8Array): boolean {
  const parsed = parseToken(b64);
  if (!parsed.ok || parsed.token.thirdParty) return false;
  const { raw } = parsed.token;
  const chain = signatureChain(
    rootKey,
    raw.identifier,
    raw.caveats.map((c) => c.id),
  );
  return Buffer.from(chain[chain.length - 1] as string, "latin1").equals(raw.signature);
}

test("signature chain equals the library's on random keys, identifiers and caveat bytes", () => {
  fc.assert(
    fc.property(
      bytes(1, 80),
      bytes(0, 120),
      fc.array(bytes(0, 300), { maxLength: 12 }),
      (rootKey, identifier, caveats) => {
        const m = macaroon.newMacaroon({ rootKey, identifier, version: 2 });
        for (const c of caveats) m.addFirstPartyCaveat(c);
        const chain = signatureChain(rootKey, identifier, caveats);
        assert.equal(
          Buffer.from(chain[chain.length - 1] as string, "latin1").toString("hex"),
          Buffer.from(m.signature).toString("hex"),
        );
      },
    ),
    { numRuns: 2000 },
  );
});

test("our v2 encoding imports in the library unchanged, and decodes back", () => {
  fc.assert(
    fc.property(
      bytes(0, 200),
      fc.array(bytes(0, 200), { maxLength: 8 }),
      bytes(32, 32),
      (identifier, caveats, signature) => {
        const raw = {
          identifier: Buffer.from(identifier),
          caveats: caveats.map((c) => ({ id: Buffer.from(c) })),
          signature: Buffer.from(signature),
        };
        const encoded = encodeMacaroon(raw);
        const m = macaroon.importMacaroon(encoded.toString("base64"));
        assert.deepEqual(Buffer.from(m.identifier), raw.identifier);
        assert.deepEqual(
          m.caveats.map((c) => Buffer.from(c.identifier)),
          raw.caveats.map((c) => c.id),
        );
        assert.deepEqual(Buffer.from(m.signature), raw.signature);
        assert.deepEqual(decodeMacaroon(encoded), raw);
      },
    ),
    { numRuns: 1000 },
  );
});

const attenuation = fc.record(
  {
    calls: fc.integer({ min: 0, max: 1000 }),
    budgetMsat: fc.integer({ min: 0, max: 10_000_000 }),
    validUntil: fc.integer({ min: NOW, max: NOW + 10_000 }),
    paths: fc.constantFrom(["/*"], ["/a/*"], ["/a/b"], ["/a/*", "/c"]),
  },
  { requiredKeys: [] },
);

test("minted and repeatedly attenuated tokens: ours and the library agree, and attenuation equals the library's", () => {
  fc.assert(
    fc.property(
      bytes(32, 32),
      bytes(32, 32),
      bytes(32, 32),
      fc.array(attenuation, { maxLength: 4 }),
      (rootKey, preimage, tokenId, steps) => {
        const paymentHash = createHash("sha256").update(preimage).digest();
        let token = mintToken({
          rootKey,
          paymentHash,
          tokenId,
          service: "svc",
          validUntil: NOW + 10_000,
          calls: 1000,
          budgetMsat: 10_000_000,
          paths: ["/*"],
        });
        for (const step of steps) {
          let next: string;
          try {
            next = attenuate(token, step);
          } catch {
            continue; // a random step may widen or be empty: refused, token unchanged
          }
          // the library adding the same caveats yields the same signature
          const added = parseToken(next);
          const before = parseToken(token);
          assert.ok(added.ok && before.ok);
          const lib = macaroon.importMacaroon(token);
          for (const c of added.token.raw.caveats.slice(before.token.raw.caveats.length))
            lib.addFirstPartyCaveat(c.id);
          assert.deepEqual(Buffer.from(lib.signature), added.token.raw.signature);
          token = next;
        }
        assert.equal(libSignatureValid(token, rootKey), true);
        assert.equal(ourSignatureValid(token, rootKey), true);
        const ours = verifyCredential(
          { macaroons: [token], preimage: Buffer.from(preimage).toString("hex") },
          rootKey,
        );
        assert.equal(ours.ok, true);
        assert.equal(libSignatureValid(token, Buffer.alloc(32, 7)), false);
        assert.equal(ourSignatureValid(token, Buffer.alloc(32, 7)), false);
      },
    ),
    { numRuns: 1000 },
  );
});

test("mutated tokens: ours accepts exactly when the library accepts", () => {
  const rootKey = Buffer.alloc(32, 9);
  const base = mintToken({
    rootKey,
    paymentHash: Buffer.alloc(32, 1),
    tokenId: Buffer.alloc(32, 2),
    service: "svc",
    validUntil: NOW,
    calls: 5,
  });
  const baseBytes = Buffer.from(base, "base64");
  fc.assert(
    fc.property(
      fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.integer({ min: -3, max: 3 }),
      (edits, resize) => {
        let mutated = Buffer.from(baseBytes);
        for (const e of edits) mutated[e.at % mutated.length] = e.value;
        if (resize < 0) mutated = mutated.subarray(0, mutated.length + resize);
        if (resize > 0) mutated = Buffer.concat([mutated, Buffer.alloc(resize, resize)]);
        const b64 = mutated.toString("base64");
        assert.equal(ourSignatureValid(b64, rootKey), libSignatureValid(b64, rootKey));
      },
    ),
    { numRuns: 3000 },
  );
});

test("hmacSha256 equals node's createHmac for any key length (long keys hashed first, RFC 2104)", () => {
  fc.assert(
    fc.property(bytes(0, 200), bytes(0, 600), (key, message) => {
      assert.deepEqual(hmacSha256(key, message), createHmac("sha256", key).update(message).digest());
    }),
    { numRuns: 1000 },
  );
});
