import { hash } from "node:crypto";

/**
 * HMAC-SHA256 on node:crypto's one-shot `hash`, with preallocated pad buffers: about a third
 * faster than `createHmac` for the short messages of a macaroon chain (no object per call).
 * Keys here are always ≤ 64 bytes (32-byte signatures and root keys; longer root keys are
 * hashed first as RFC 2104 says).
 */
const BLOCK = 64;
let inner = Buffer.alloc(BLOCK + 256);
const outer = Buffer.alloc(BLOCK + 32);

export function hmacSha256(key: Uint8Array, message: Uint8Array): Buffer {
  let k = key;
  if (k.length > BLOCK) k = hash("sha256", k, "buffer");
  if (inner.length < BLOCK + message.length) inner = Buffer.alloc(BLOCK + message.length);
  for (let i = 0; i < BLOCK; i++) {
    const b = i < k.length ? (k[i] as number) : 0;
    inner[i] = b ^ 0x36;
    outer[i] = b ^ 0x5c;
  }
  inner.set(message, BLOCK);
  const innerDigest = hash("sha256", inner.subarray(0, BLOCK + message.length), "buffer");
  outer.set(innerDigest, BLOCK);
  return hash("sha256", outer, "buffer");
}

const KEY_GENERATOR = Buffer.from("macaroons-key-generator", "utf8");

/** The libmacaroons/go-macaroon key derivation: the signing key is HMAC("macaroons-key-generator", rootKey). */
export function deriveSigningKey(rootKey: Uint8Array): Buffer {
  return hmacSha256(KEY_GENERATOR, rootKey);
}

/**
 * Signatures after the identifier and after each first-party caveat:
 * sig₀ = HMAC(key, identifier), sigᵢ = HMAC(sigᵢ₋₁, caveatᵢ).
 */
export function signatureChain(
  rootKey: Uint8Array,
  identifier: Uint8Array,
  caveatIds: readonly Uint8Array[],
): Buffer[] {
  let sig = hmacSha256(deriveSigningKey(rootKey), identifier);
  const chain = [sig];
  for (const id of caveatIds) {
    sig = hmacSha256(sig, id);
    chain.push(sig);
  }
  return chain;
}

/** 16 bytes of sha256(signature), hex: names a token (or a prefix of it) without revealing the signature. */
export function fingerprintOf(signature: Uint8Array): string {
  return hash("sha256", signature, "hex").slice(0, 32);
}
