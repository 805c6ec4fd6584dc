/**
 * The operator's receipt key: an Ed25519 private key (PKCS#8, PEM or base64 DER) from
 * TOLLBOOTH_RECEIPT_KEY; its public half as raw base64url and its key id (RFC 7638 thumbprint).
 * Errors name the variable, never its value.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import canonicalize from "canonicalize";

export const RECEIPT_KEY_VARIABLE = "TOLLBOOTH_RECEIPT_KEY";

export class ReceiptKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReceiptKeyError";
  }
}

export interface PublicReceiptKey {
  kid: string;
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  key: KeyObject;
}

/** Parses a PKCS#8 Ed25519 private key, PEM or base64 (either alphabet) of the DER bytes. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith("-----BEGIN")
      ? createPrivateKey({ key: trimmed, format: "pem" })
      : createPrivateKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "pkcs8" });
  } catch {
    throw new ReceiptKeyError(`${RECEIPT_KEY_VARIABLE} is not a PKCS#8 private key (PEM or base64).`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new ReceiptKeyError(`${RECEIPT_KEY_VARIABLE} must be an Ed25519 key.`);
  }
  return key;
}

/** A fresh key as PKCS#8 PEM (development: `npm start` writes one into the data dir). */
export function generateReceiptKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

/** The RFC 7638 thumbprint of an Ed25519 public JWK: sha256 of {crv,kty,x} canonical, base64url. */
export function keyIdOf(rawPublicKey: string): string {
  const members = canonicalize({ crv: "Ed25519", kty: "OKP", x: rawPublicKey }) as string;
  return createHash("sha256").update(members).digest("base64url");
}

/** The public half of a private (or public) key object. */
export function publicKeyOf(key: KeyObject): PublicReceiptKey {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  const jwk = pub.export({ format: "jwk" });
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") {
    throw new ReceiptKeyError("A receipt key must be Ed25519.");
  }
  return { kid: keyIdOf(jwk.x), publicKey: jwk.x, key: pub };
}

/** A raw base64url Ed25519 public key (43 characters) as a key object with its id. */
export function importPublicKey(rawPublicKey: string): PublicReceiptKey {
  if (!/^[A-Za-z0-9_-]{43}$/.test(rawPublicKey)) {
    throw new ReceiptKeyError("A receipt public key is 32 bytes in base64url (43 characters).");
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: rawPublicKey }, format: "jwk" });
  } catch {
    throw new ReceiptKeyError("Not an Ed25519 public key.");
  }
  return publicKeyOf(key);
}

/**
 * The receipt key from the environment: required when TOLLBOOTH_ENV=production; elsewhere
 * missing means null (the caller says what that costs: no receipts are issued).
 */
export function receiptKeyFromEnv(env: Readonly<Record<string, string | undefined>>): KeyObject | null {
  const text = env[RECEIPT_KEY_VARIABLE];
  if (text === undefined || text.trim() === "") {
    if (env.TOLLBOOTH_ENV === "production") {
      throw new ReceiptKeyError(
        `${RECEIPT_KEY_VARIABLE} is required in production: set it to an Ed25519 private key (PKCS#8 PEM or base64), e.g. from \`openssl genpkey -algorithm ed25519\`.`,
      );
    }
    return null;
  }
  return parsePrivateKey(text);
}
