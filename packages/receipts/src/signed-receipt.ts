/**
 * A receipt on the wire: `<payload>.<signature>`, both base64url without padding, where payload
 * is the receipt's canonical JSON (RFC 8785) and signature the Ed25519 signature of exactly those
 * bytes. Verification is strict at every layer (alphabet, padding bits, UTF-8, canonical form,
 * schema, key id, signature), so no two strings are the same valid receipt: changing any byte of
 * an encoded receipt makes it fail.
 */
import { type KeyObject, sign, verify } from "node:crypto";
import canonicalize from "canonicalize";
import { type PublicReceiptKey, publicKeyOf } from "./keys";
import { RECEIPT_VERSION, Receipt, type ReceiptFacts } from "./receipt";

/** Far above a real receipt (~500 characters), far below any header limit. */
export const MAX_ENCODED_RECEIPT = 4096;

const ENCODED = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{86})$/;

export interface SignedReceipt {
  receipt: Receipt;
  /** The header value. */
  encoded: string;
  /** base64url of the 64-byte signature (also the part after the dot). */
  signature: string;
}

export type VerifyReceiptResult = { ok: true; receipt: Receipt } | { ok: false; reason: string };

/** Signs receipts with one private key; the key id is fixed at construction. */
export class ReceiptSigner {
  readonly kid: string;
  readonly publicKey: PublicReceiptKey;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = publicKeyOf(privateKey);
    this.kid = this.publicKey.kid;
  }

  sign(facts: ReceiptFacts): SignedReceipt {
    const receipt = Receipt.parse({ v: RECEIPT_VERSION, kid: this.kid, ...facts });
    const payload = Buffer.from(canonicalize(receipt) as string, "utf8");
    const signature = sign(null, payload, this.privateKey).toString("base64url");
    return { receipt, encoded: `${payload.toString("base64url")}.${signature}`, signature };
  }
}

/** base64url → bytes, refusing any spelling that is not the one encoding of those bytes. */
function strictBase64url(text: string): Buffer | null {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

/** The receipt an encoded string claims, unverified (for display next to a verdict). */
export function decodeReceipt(encoded: string): unknown {
  const match = ENCODED.exec(encoded.trim());
  if (!match) return null;
  try {
    return JSON.parse(Buffer.from(match[1]!, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

/** The receipt when `encoded` is one signed by one of `keys`, else the reason it is not. */
export function verifyReceipt(encoded: string, keys: readonly PublicReceiptKey[]): VerifyReceiptResult {
  if (typeof encoded !== "string" || encoded.length > MAX_ENCODED_RECEIPT) {
    return { ok: false, reason: "not a receipt: too long" };
  }
  const match = ENCODED.exec(encoded);
  if (!match) return { ok: false, reason: "not a receipt: expected <payload>.<signature> in base64url" };
  const payload = strictBase64url(match[1]!);
  const signature = strictBase64url(match[2]!);
  if (!payload || !signature || signature.length !== 64) {
    return { ok: false, reason: "not a receipt: the base64url is not canonical" };
  }
  const text = payload.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(payload)) return { ok: false, reason: "payload is not UTF-8" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "payload is not JSON" };
  }
  if (canonicalize(json) !== text) return { ok: false, reason: "payload is not canonical JSON (RFC 8785)" };
  const parsed = Receipt.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `not a receipt: ${issue?.path.join(".") || "body"}: ${issue?.message}` };
  }
  const key = keys.find((k) => k.kid === parsed.data.kid);
  if (!key) return { ok: false, reason: `signed by unknown key ${parsed.data.kid}` };
  if (!verify(null, payload, key.key, signature)) {
    return { ok: false, reason: "signature does not match the receipt" };
  }
  return { ok: true, receipt: parsed.data };
}

/** The header value of a stored receipt (its JSON, from a JSONB column, and its signature). */
export function encodeSignedReceipt(body: unknown, signature: string): string {
  return `${Buffer.from(canonicalize(body) as string, "utf8").toString("base64url")}.${signature}`;
}
