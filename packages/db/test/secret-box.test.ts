import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { SecretBoxError } from "../src/secrets/errors";
import { type KeyRing, loadKeyRing, parseMasterKey } from "../src/secrets/master-key";
import { createSecretBox } from "../src/secrets/secret-box";

function ring(
  current: { version: number; key: Buffer },
  ...previous: { version: number; key: Buffer }[]
): KeyRing {
  const byVersion = new Map([[current.version, current.key]]);
  for (const p of previous) byVersion.set(p.version, p.key);
  return { current, byVersion };
}

const keyV1 = { version: 1, key: randomBytes(32) };
const keyV2 = { version: 2, key: randomBytes(32) };
const box = createSecretBox(ring(keyV1));
const where = { tenantId: "7a0c7a8e-1b47-4bd4-9a5e-0b8cdbb8f0a1", field: "apis.upstream_secret" };

function expectCode(fn: () => unknown, code: SecretBoxError["code"]) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof SecretBoxError, `expected SecretBoxError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

describe("secret box", () => {
  it("round-trips a secret and reports the key version beside it", () => {
    for (const plaintext of ["sk_live_123", "", "ünïcødé ✓ 🔑", "x".repeat(10_000)]) {
      const sealed = box.encrypt({ ...where, plaintext });
      assert.equal(sealed.keyVersion, 1);
      assert.equal(box.decrypt({ ...where, cipher: sealed.cipher }), plaintext);
      assert.equal(box.decrypt({ ...where, cipher: sealed.cipher, keyVersion: 1 }), plaintext);
    }
  });

  it("lays out format | key version | 12-byte IV | ciphertext | 16-byte tag", () => {
    const sealed = box.encrypt({ ...where, plaintext: "abc" });
    assert.equal(sealed.cipher.length, 1 + 2 + 12 + 3 + 16);
    assert.equal(sealed.cipher[0], 0x01);
    assert.equal((sealed.cipher[1]! << 8) | sealed.cipher[2]!, 1);
  });

  it("never repeats an IV, so equal plaintexts seal differently", () => {
    const a = box.encrypt({ ...where, plaintext: "same" });
    const b = box.encrypt({ ...where, plaintext: "same" });
    assert.notDeepEqual(Buffer.from(a.cipher), Buffer.from(b.cipher));
  });

  it("refuses to open as another tenant", () => {
    const sealed = box.encrypt({ ...where, plaintext: "secret" });
    expectCode(
      () =>
        box.decrypt({ ...where, tenantId: "0d3c2b6e-9f7a-4c1e-8b2d-5a4f3e2d1c0b", cipher: sealed.cipher }),
      "decrypt_failed",
    );
  });

  it("refuses to open as another field", () => {
    const sealed = box.encrypt({ ...where, plaintext: "secret" });
    expectCode(
      () => box.decrypt({ ...where, field: "lightning_connections.macaroon", cipher: sealed.cipher }),
      "decrypt_failed",
    );
  });

  it("keeps tenant and field apart: (ab, c) is not (a, bc)", () => {
    const sealed = box.encrypt({ tenantId: "ab", field: "c", plaintext: "secret" });
    expectCode(() => box.decrypt({ tenantId: "a", field: "bc", cipher: sealed.cipher }), "decrypt_failed");
  });

  it("rejects a truncated tag, however short the cut", () => {
    const sealed = box.encrypt({
      ...where,
      plaintext: "a secret long enough to keep the blob over the minimum",
    });
    for (const cut of [1, 4, 8, 12, 15]) {
      const truncated = sealed.cipher.subarray(0, sealed.cipher.length - cut);
      expectCode(() => box.decrypt({ ...where, cipher: truncated }), "decrypt_failed");
    }
    const tiny = box.encrypt({ ...where, plaintext: "" });
    expectCode(
      () => box.decrypt({ ...where, cipher: tiny.cipher.subarray(0, tiny.cipher.length - 1) }),
      "cipher_malformed",
    );
  });

  it("rejects any flipped byte in IV, ciphertext or tag", () => {
    const sealed = box.encrypt({ ...where, plaintext: "tamper me" });
    for (let i = 3; i < sealed.cipher.length; i++) {
      const tampered = Uint8Array.from(sealed.cipher);
      tampered[i]! ^= 0x01;
      expectCode(() => box.decrypt({ ...where, cipher: tampered }), "decrypt_failed");
    }
  });

  it("rejects a changed header: format byte or key version", () => {
    const sealed = box.encrypt({ ...where, plaintext: "header" });
    const format = Uint8Array.from(sealed.cipher);
    format[0] = 0x03; // 0x02 is the bound format, covered below
    expectCode(() => box.decrypt({ ...where, cipher: format }), "cipher_malformed");
    // A key version that exists but was not used: the header is authenticated, so it fails.
    const both = createSecretBox(ring(keyV1, keyV2));
    const relabelled = Uint8Array.from(sealed.cipher);
    relabelled[2] = 2;
    expectCode(() => both.decrypt({ ...where, cipher: relabelled }), "decrypt_failed");
  });

  it("reports a key version that is not configured", () => {
    const sealedUnderV2 = createSecretBox(ring(keyV2)).encrypt({ ...where, plaintext: "rotated" });
    expectCode(() => box.decrypt({ ...where, cipher: sealedUnderV2.cipher }), "key_version_unknown");
  });

  it("rejects a stored key version that disagrees with the blob", () => {
    const sealed = box.encrypt({ ...where, plaintext: "v1" });
    expectCode(() => box.decrypt({ ...where, cipher: sealed.cipher, keyVersion: 2 }), "decrypt_failed");
  });

  it("fails with a different key under the same version number", () => {
    const sealed = box.encrypt({ ...where, plaintext: "v1" });
    const impostor = createSecretBox(ring({ version: 1, key: randomBytes(32) }));
    expectCode(() => impostor.decrypt({ ...where, cipher: sealed.cipher }), "decrypt_failed");
  });

  it("rotates: the new key seals, the previous key still opens old secrets", () => {
    const old = box.encrypt({ ...where, plaintext: "before rotation" });
    const rotated = createSecretBox(ring(keyV2, keyV1));
    assert.equal(rotated.currentKeyVersion, 2);
    assert.equal(rotated.decrypt({ ...where, cipher: old.cipher }), "before rotation");
    const fresh = rotated.encrypt({ ...where, plaintext: "after rotation" });
    assert.equal(fresh.keyVersion, 2);
    expectCode(() => box.decrypt({ ...where, cipher: fresh.cipher }), "key_version_unknown");
  });

  it("rejects missing tenant, field or non-bytes cipher with input errors", () => {
    expectCode(() => box.encrypt({ tenantId: "", field: "f", plaintext: "x" }), "input_invalid");
    expectCode(() => box.encrypt({ tenantId: "t", field: "", plaintext: "x" }), "input_invalid");
    expectCode(() => box.decrypt({ ...where, cipher: "nope" as unknown as Uint8Array }), "cipher_malformed");
    expectCode(() => box.decrypt({ ...where, cipher: new Uint8Array(5) }), "cipher_malformed");
  });
});

describe("master keys", () => {
  const key = randomBytes(32);

  it("parses base64, base64url and hex, with an optional version prefix", () => {
    assert.deepEqual(parseMasterKey(key.toString("base64")), { version: 1, key });
    assert.deepEqual(parseMasterKey(key.toString("base64url")), { version: 1, key });
    assert.deepEqual(parseMasterKey(`${key.toString("hex")}\n`), { version: 1, key });
    assert.deepEqual(parseMasterKey(`7:${key.toString("base64")}`), { version: 7, key });
  });

  it("rejects keys that are not 32 bytes and versions out of range", () => {
    expectCode(() => parseMasterKey(randomBytes(16).toString("base64")), "master_key_invalid");
    expectCode(() => parseMasterKey(randomBytes(33).toString("hex")), "master_key_invalid");
    expectCode(() => parseMasterKey("correct horse battery staple"), "master_key_invalid");
    expectCode(() => parseMasterKey(`0:${key.toString("base64")}`), "master_key_invalid");
    expectCode(() => parseMasterKey(`70000:${key.toString("base64")}`), "master_key_invalid");
  });

  it("builds a ring from TOLLBOOTH_MASTER_KEY and TOLLBOOTH_MASTER_KEY_PREVIOUS", () => {
    const previous = randomBytes(32);
    const keyRing = loadKeyRing({
      env: {
        TOLLBOOTH_MASTER_KEY: `2:${key.toString("base64")}`,
        TOLLBOOTH_MASTER_KEY_PREVIOUS: `1:${previous.toString("hex")}`,
      },
    });
    assert.equal(keyRing.current.version, 2);
    assert.deepEqual([...keyRing.byVersion.keys()].sort(), [1, 2]);
    assert.ok(keyRing.byVersion.get(1)!.equals(previous));
    expectCode(
      () =>
        loadKeyRing({
          env: { TOLLBOOTH_MASTER_KEY: key.toString("base64"), TOLLBOOTH_MASTER_KEY_PREVIOUS: "abc" },
        }),
      "master_key_invalid",
    );
    expectCode(
      () =>
        loadKeyRing({
          env: {
            TOLLBOOTH_MASTER_KEY: `1:${key.toString("base64")}`,
            TOLLBOOTH_MASTER_KEY_PREVIOUS: `1:${previous.toString("base64")}`,
          },
        }),
      "master_key_invalid",
    );
  });

  it("without TOLLBOOTH_MASTER_KEY generates a 0600 key file once, warns, and reuses it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tollbooth-key-"));
    try {
      const file = path.join(dir, "nested", "master.key");
      const warnings: string[] = [];
      const first = loadKeyRing({ env: {}, generatedKeyFile: file, warn: (m) => warnings.push(m) });
      assert.equal(((await stat(file)).mode & 0o777).toString(8), "600");
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /TOLLBOOTH_MASTER_KEY is not set/);
      assert.ok(
        !warnings[0]!.includes(first.current.key.toString("base64")),
        "the warning must not leak the key",
      );
      const second = loadKeyRing({ env: {}, generatedKeyFile: file, warn: () => {} });
      assert.ok(second.current.key.equals(first.current.key));
      assert.equal(parseMasterKey(await readFile(file, "utf8")).key.length, 32);
      // What one process seals, the next process (same file) opens.
      const sealed = createSecretBox(first).encrypt({ ...where, plaintext: "persisted" });
      assert.equal(createSecretBox(second).decrypt({ ...where, cipher: sealed.cipher }), "persisted");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("secret box: a secret bound to where it may be used (an upstream secret to its origin)", () => {
  const origin = "https://api.example.com";
  const bound = { ...where, binding: origin };

  it("opens only with the binding it was sealed with", () => {
    const sealed = box.encrypt({ ...bound, plaintext: "sk_live_bound" });
    assert.equal(sealed.cipher[0], 0x02);
    assert.equal(box.decrypt({ ...bound, cipher: sealed.cipher, keyVersion: 1 }), "sk_live_bound");
    for (const other of [
      "https://attacker.example",
      "http://api.example.com",
      "https://api.example.com:444",
    ]) {
      expectCode(() => box.decrypt({ ...where, binding: other, cipher: sealed.cipher }), "decrypt_failed");
    }
  });

  it("a bound secret does not open without its binding, nor an unbound one with a binding", () => {
    const boundBlob = box.encrypt({ ...bound, plaintext: "x" });
    expectCode(() => box.decrypt({ ...where, cipher: boundBlob.cipher }), "binding_mismatch");
    const legacy = box.encrypt({ ...where, plaintext: "x" });
    expectCode(() => box.decrypt({ ...bound, cipher: legacy.cipher }), "binding_mismatch");
  });

  it("a legacy blob relabelled as bound (format byte flipped) does not open", () => {
    const legacy = box.encrypt({ ...where, plaintext: "x" });
    const forged = new Uint8Array(legacy.cipher);
    forged[0] = 0x02;
    expectCode(() => box.decrypt({ ...bound, cipher: forged }), "decrypt_failed");
  });

  it("refuses an empty binding", () => {
    expectCode(() => box.encrypt({ ...where, binding: "", plaintext: "x" }), "input_invalid");
  });
});
