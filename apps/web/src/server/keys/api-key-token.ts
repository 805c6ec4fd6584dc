import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A management API key: `tb_live_` and 32 random bytes (base64url). The database keeps only the
 * key's sha256 and its first characters for display. A fast hash is right here, unlike for
 * passwords: 256 random bits cannot be guessed or brute-forced from a leaked hash, and a slow
 * hash (scrypt, argon2) would only cost every API request its time.
 */
export const API_KEY_PREFIX = "tb_live_";
const KEY_SHAPE = /^tb_live_[A-Za-z0-9_-]{43}$/;
/** How much of the key the dashboard shows: the prefix and 4 characters of the secret part. */
const DISPLAY_CHARS = API_KEY_PREFIX.length + 4;

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: displayPrefix(key), hash: hashApiKey(key) };
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_CHARS);
}

/** Whether a string has the shape of a key; anything else is refused without a database lookup. */
export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Constant-time equality of two hex hashes (the stored one and the presented key's). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
