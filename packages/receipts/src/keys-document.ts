/** The hub's `/.well-known/tollbooth-receipt-keys.json`: built by the web app, read by verifiers. */
import { importPublicKey, type PublicReceiptKey } from "./keys";
import { ReceiptKeysDocument } from "./receipt";

export function keysDocumentOf(keys: readonly PublicReceiptKey[]): ReceiptKeysDocument {
  return { keys: keys.map((k) => ({ kid: k.kid, alg: "Ed25519" as const, public_key: k.publicKey })) };
}

/**
 * The keys of a published document. A key whose id is not its thumbprint is refused: the id is
 * derived, so a document cannot file one key under another's name.
 */
export function publicKeysOfDocument(json: unknown): PublicReceiptKey[] {
  const doc = ReceiptKeysDocument.parse(json);
  return doc.keys.map((entry) => {
    const key = importPublicKey(entry.public_key);
    if (key.kid !== entry.kid) throw new Error(`key ${entry.kid} does not match its public key`);
    return key;
  });
}
