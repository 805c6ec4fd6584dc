/**
 * The hub's receipt keys (`/.well-known/tollbooth-receipt-keys.json`, docs/contract.md
 * "Receipts"): the public keys a buyer verifies receipts with, offline. Two sources, merged:
 *
 * - TOLLBOOTH_RECEIPT_PUBLIC_KEYS: comma-separated raw Ed25519 public keys (base64url, 43
 *   characters). The production choice: the web app never holds the signing key, and retired
 *   keys stay listed so old receipts still verify.
 * - TOLLBOOTH_RECEIPT_KEY: the gateway's private key, whose public half is derived here (what
 *   `npm start` passes both apps, so development needs no setup).
 *
 * A bad value fails loudly (naming the variable, never its value) rather than publishing nothing.
 */
import {
  importPublicKey,
  keysDocumentOf,
  type PublicReceiptKey,
  parsePrivateKey,
  publicKeyOf,
  type ReceiptKeysDocument,
} from "@tollbooth/receipts";

export const RECEIPT_PUBLIC_KEYS_VARIABLE = "TOLLBOOTH_RECEIPT_PUBLIC_KEYS";

type EnvSource = Readonly<Record<string, string | undefined>>;

export function publishedReceiptKeys(source: EnvSource = process.env): PublicReceiptKey[] {
  const keys: PublicReceiptKey[] = [];
  const privateText = source.TOLLBOOTH_RECEIPT_KEY;
  if (privateText && privateText.trim() !== "") keys.push(publicKeyOf(parsePrivateKey(privateText)));
  for (const entry of (source[RECEIPT_PUBLIC_KEYS_VARIABLE] ?? "").split(",")) {
    const text = entry.trim();
    if (text === "") continue;
    try {
      keys.push(importPublicKey(text));
    } catch {
      throw new Error(`${RECEIPT_PUBLIC_KEYS_VARIABLE} holds a value that is not an Ed25519 public key.`);
    }
  }
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.kid) && seen.add(k.kid));
}

function receiptKeysDocument(source: EnvSource = process.env): ReceiptKeysDocument {
  return keysDocumentOf(publishedReceiptKeys(source));
}

/** The document as the route answers it: public, cacheable for a few minutes, readable from any origin. */
export function receiptKeysResponse(source: EnvSource = process.env): Response {
  return Response.json(receiptKeysDocument(source), {
    headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" },
  });
}
