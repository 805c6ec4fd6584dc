/**
 * Origin signatures: the one rule for how the gateway signs what it forwards, so an upstream can
 * refuse traffic that did not come through it (docs/contract.md "Origin signatures"). The gateway
 * signs with it (apps/gateway/src/proxy/origin-signer.ts); the tests and any TypeScript verifier
 * check with it. The README snippets restate it in plain Node and Python on purpose: an upstream
 * copies them without this package.
 *
 *   Tollbooth-Content-Digest: sha-256=<hex SHA-256 of the body as forwarded> | UNSIGNED-PAYLOAD
 *   Tollbooth-Signature:      t=<unix seconds>,v1=<hex HMAC-SHA256(secret, canonical string)>
 *
 * canonical string = "tollbooth-v1\n" + t + "\n" + METHOD + "\n" + path?query + "\n" + digest
 * where path?query is the request target exactly as the upstream receives it and digest is the
 * Content-Digest header's value. The HMAC key is the whole secret string (`tbos_…`) as UTF-8.
 */
import { createHash, createHmac, type KeyObject, timingSafeEqual } from "node:crypto";

export const ORIGIN_SIGNATURE_HEADER = "tollbooth-signature";
export const ORIGIN_DIGEST_HEADER = "tollbooth-content-digest";
/** The digest value of a body the gateway streamed without reading it first (not covered by v1). */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** How far a signature's t may be from the verifier's clock, either way, in seconds. */
export const ORIGIN_SIGNATURE_TOLERANCE_SECONDS = 300;

const VERSION_TAG = "tollbooth-v1";

/** `sha-256=<hex>` of a body (an absent body is the empty one). */
export function contentDigest(body: Uint8Array | string): string {
  return `sha-256=${createHash("sha256").update(body).digest("hex")}`;
}

/** The digest of no body at all, computed once: most forwarded requests are bodiless GETs. */
export const EMPTY_BODY_DIGEST = contentDigest("");

export interface SignedParts {
  /** Unix seconds. */
  timestamp: number;
  method: string;
  /** The path and query exactly as sent on the request line. */
  target: string;
  /** A contentDigest() value or UNSIGNED_PAYLOAD. */
  digest: string;
}

export function canonicalString(parts: SignedParts): string {
  return `${VERSION_TAG}\n${parts.timestamp}\n${parts.method}\n${parts.target}\n${parts.digest}`;
}

/** The Tollbooth-Signature header value. `key` is the secret (or a KeyObject made from it once). */
export function signatureHeader(key: string | KeyObject, parts: SignedParts): string {
  const mac = createHmac("sha256", key).update(canonicalString(parts)).digest("hex");
  return `t=${parts.timestamp},v1=${mac}`;
}

export type OriginVerdict =
  | { ok: true; unsignedPayload: boolean }
  | {
      ok: false;
      reason: "missing" | "malformed" | "stale" | "digest_mismatch" | "unsigned_payload" | "bad_signature";
    };

export interface VerifyInput {
  secret: string;
  method: string;
  target: string;
  /** The body as received; undefined or empty for none. */
  body?: Uint8Array | string;
  signature: string | undefined;
  digest: string | undefined;
  /** Unix seconds; defaults to the clock. */
  now?: number;
  /** Accept UNSIGNED-PAYLOAD (a streamed body the signature does not cover); default false. */
  allowUnsignedPayload?: boolean;
}

/** What an upstream does with a request: the reference verifier, in the rule's own terms. */
export function verifyOriginSignature(input: VerifyInput): OriginVerdict {
  if (!input.signature || !input.digest) return { ok: false, reason: "missing" };
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(input.signature);
  if (!match) return { ok: false, reason: "malformed" };
  const timestamp = Number(match[1]);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > ORIGIN_SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: "stale" };
  const unsigned = input.digest === UNSIGNED_PAYLOAD;
  if (unsigned && !input.allowUnsignedPayload) return { ok: false, reason: "unsigned_payload" };
  if (!unsigned && input.digest !== contentDigest(input.body ?? "")) {
    return { ok: false, reason: "digest_mismatch" };
  }
  const expected = createHmac("sha256", input.secret)
    .update(canonicalString({ timestamp, method: input.method, target: input.target, digest: input.digest }))
    .digest();
  const given = Buffer.from(match[2]!, "hex");
  if (!timingSafeEqual(expected, given)) return { ok: false, reason: "bad_signature" };
  return { ok: true, unsignedPayload: unsigned };
}
