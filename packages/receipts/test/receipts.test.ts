import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import canonicalize from "canonicalize";
import fc from "fast-check";
import {
  decodeReceipt,
  generateReceiptKeyPem,
  importPublicKey,
  keysDocumentOf,
  parsePrivateKey,
  publicKeysOfDocument,
  type ReceiptFacts,
  ReceiptKeyError,
  ReceiptSigner,
  receiptKeyFromEnv,
  verifyReceipt,
} from "../src/index";

const facts: ReceiptFacts = {
  api: "weather",
  scope: { method: "GET", path: "/forecast/*" },
  kind: "per_call",
  sats: 30,
  calls: 10,
  seconds: null,
  payment_hash: "ab".repeat(32),
  settled_at: "2026-12-02T08:00:00.000Z",
  issued_at: "2026-12-02T08:00:01.250Z",
};

const signer = new ReceiptSigner(parsePrivateKey(generateReceiptKeyPem()));
const keys = [signer.publicKey];

describe("receipts", () => {
  it("a signed receipt verifies under the signer's public key and says what was bought", () => {
    const signed = signer.sign(facts);
    const result = verifyReceipt(signed.encoded, keys);
    assert.ok(result.ok, result.ok ? "" : result.reason);
    assert.deepEqual(result.receipt, { v: 1, kid: signer.kid, ...facts });
    assert.deepEqual(decodeReceipt(signed.encoded), result.receipt);
    // The payload is exactly the canonical JSON of the receipt.
    const payload = Buffer.from(signed.encoded.split(".")[0]!, "base64url").toString("utf8");
    assert.equal(payload, canonicalize(result.receipt));
  });

  it("flipping any byte of an encoded receipt fails verification", () => {
    fc.assert(
      fc.property(
        fc.record({
          sats: fc.integer({ min: 1, max: 2_100_000 }),
          calls: fc.integer({ min: 1, max: 100_000 }),
          path: fc.constantFrom("/*", "/forecast", "/a/:id", "/ünï/*"),
          hash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
        }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (f, at, delta) => {
          const { encoded } = signer.sign({
            ...facts,
            sats: f.sats,
            calls: f.calls,
            scope: { method: "GET", path: f.path },
            payment_hash: Buffer.from(f.hash).toString("hex"),
          });
          assert.ok(verifyReceipt(encoded, keys).ok);
          const bytes = Buffer.from(encoded, "latin1");
          const i = at % bytes.length;
          bytes[i] = (bytes[i]! + delta) % 256;
          const changed = bytes.toString("latin1");
          assert.notEqual(changed, encoded);
          assert.equal(verifyReceipt(changed, keys).ok, false, `byte ${i} changed still verifies`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("refuses another key's signature, an unknown key id, appended bytes and re-encoded JSON", () => {
    const other = new ReceiptSigner(generateKeyPairSync("ed25519").privateKey);
    const mine = signer.sign(facts).encoded;
    const theirs = other.sign(facts).encoded;
    assert.match(String((verifyReceipt(theirs, keys) as { reason: string }).reason), /unknown key/);
    // Their payload with our kid swapped in, still signed by them: the signature fails.
    const forged = JSON.parse(Buffer.from(theirs.split(".")[0]!, "base64url").toString());
    forged.kid = signer.kid;
    const forgedEncoded = `${Buffer.from(canonicalize(forged) as string).toString("base64url")}.${theirs.split(".")[1]}`;
    assert.match(String((verifyReceipt(forgedEncoded, keys) as { reason: string }).reason), /signature/);
    assert.equal(verifyReceipt(`${mine}A`, keys).ok, false);
    // The same receipt as pretty JSON is not canonical, so not the signed bytes.
    const pretty = JSON.stringify(
      JSON.parse(Buffer.from(mine.split(".")[0]!, "base64url").toString()),
      null,
      1,
    );
    const prettyEncoded = `${Buffer.from(pretty).toString("base64url")}.${mine.split(".")[1]}`;
    assert.match(String((verifyReceipt(prettyEncoded, keys) as { reason: string }).reason), /canonical/);
    assert.equal(verifyReceipt("", keys).ok, false);
    assert.equal(verifyReceipt("x".repeat(10_000), keys).ok, false);
  });

  it("the keys document round-trips and refuses a key filed under another id", () => {
    const doc = keysDocumentOf(keys);
    assert.deepEqual(doc, {
      keys: [{ kid: signer.kid, alg: "Ed25519", public_key: signer.publicKey.publicKey }],
    });
    const back = publicKeysOfDocument(JSON.parse(JSON.stringify(doc)));
    assert.ok(verifyReceipt(signer.sign(facts).encoded, back).ok);
    const other = new ReceiptSigner(generateKeyPairSync("ed25519").privateKey);
    assert.throws(() =>
      publicKeysOfDocument({
        keys: [{ kid: signer.kid, alg: "Ed25519", public_key: other.publicKey.publicKey }],
      }),
    );
    assert.equal(importPublicKey(signer.publicKey.publicKey).kid, signer.kid);
  });

  it("reads the key as PEM or base64 PKCS#8; production requires it; errors never echo it", () => {
    const pem = generateReceiptKeyPem();
    const der = parsePrivateKey(pem).export({ format: "der", type: "pkcs8" }).toString("base64");
    assert.equal(new ReceiptSigner(parsePrivateKey(der)).kid, new ReceiptSigner(parsePrivateKey(pem)).kid);
    assert.equal(receiptKeyFromEnv({ TOLLBOOTH_ENV: "development" }), null);
    assert.throws(() => receiptKeyFromEnv({ TOLLBOOTH_ENV: "production" }), /required in production/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ format: "pem", type: "pkcs8" })
      .toString();
    assert.throws(() => parsePrivateKey(rsa), /Ed25519/);
    const secretish = "not-a-key-but-secret-looking-value";
    assert.throws(
      () => receiptKeyFromEnv({ TOLLBOOTH_RECEIPT_KEY: secretish }),
      (err: unknown) => err instanceof ReceiptKeyError && !err.message.includes(secretish),
    );
  });

  it("a time pass names seconds, not calls", () => {
    const signed = signer.sign({ ...facts, kind: "time_pass", calls: null, seconds: 3600 });
    assert.ok(verifyReceipt(signed.encoded, keys).ok);
    assert.throws(() => signer.sign({ ...facts, calls: null }));
  });
});
