import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { SecretBoxError } from "./errors";
import { type KeyRing, loadKeyRing } from "./master-key";

/*
 * Layout of a sealed secret (stored in a bytea column, its key version also in a column beside it):
 *
 *   format (1 byte, 0x01) | key version (uint16 BE) | IV (12 bytes) | ciphertext | GCM tag (16 bytes)
 *
 * AES-256-GCM. The associated data binds the blob to where it belongs: the 3 header bytes, the
 * tenant id and the field name (each length-prefixed, so "ab"+"c" ≠ "a"+"bc"). A secret copied
 * into another tenant's row or another column fails to open.
 */
const FORMAT_V1 = 0x01;
const HEADER_BYTES = 3;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

export type SecretLocation = {
  /** The tenant owning the secret. */
  tenantId: string;
  /** Which secret this is, e.g. "apis.upstream_secret" or "lightning_connections.macaroon". */
  field: string;
};

/** `cipher` is a plain ArrayBuffer-backed Uint8Array: what a Prisma `Bytes` column takes. */
export type SealedSecret = { cipher: Uint8Array<ArrayBuffer>; keyVersion: number };

export type SecretBox = {
  encrypt(input: SecretLocation & { plaintext: string }): SealedSecret;
  /** `keyVersion`, when given (the column beside the blob), must match the blob's own. */
  decrypt(input: SecretLocation & { cipher: Uint8Array; keyVersion?: number }): string;
  /** The version new secrets are sealed under (rows with another version are due for re-encryption). */
  readonly currentKeyVersion: number;
};

export function createSecretBox(keyRing: KeyRing): SecretBox {
  // The master key never encrypts directly: a subkey per purpose keeps it usable elsewhere later.
  const subkeys = new Map<number, Buffer>();
  for (const [version, key] of keyRing.byVersion) subkeys.set(version, deriveSubkey(key));
  const currentVersion = keyRing.current.version;

  return {
    currentKeyVersion: currentVersion,
    encrypt({ tenantId, field, plaintext }) {
      checkLocation(tenantId, field);
      if (typeof plaintext !== "string")
        throw new SecretBoxError("input_invalid", "The plaintext must be a string.");
      const header = Buffer.from([FORMAT_V1, currentVersion >> 8, currentVersion & 0xff]);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", subkeys.get(currentVersion)!, iv, {
        authTagLength: TAG_BYTES,
      });
      cipher.setAAD(associatedData(header, tenantId, field));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const sealed = Buffer.concat([header, iv, body, cipher.getAuthTag()]);
      return {
        cipher: new Uint8Array(sealed),
        keyVersion: currentVersion,
      };
    },
    decrypt({ tenantId, field, cipher, keyVersion }) {
      checkLocation(tenantId, field);
      if (!(cipher instanceof Uint8Array))
        throw new SecretBoxError("cipher_malformed", "A sealed secret is bytes.");
      const bytes = Buffer.from(cipher.buffer, cipher.byteOffset, cipher.byteLength);
      if (bytes.length < MIN_BYTES || bytes[0] !== FORMAT_V1) {
        throw new SecretBoxError("cipher_malformed", "Not a sealed secret (too short or unknown format).");
      }
      const version = bytes.readUInt16BE(1);
      if (keyVersion !== undefined && keyVersion !== version) {
        throw new SecretBoxError(
          "decrypt_failed",
          "The stored key version does not match the sealed secret.",
        );
      }
      const subkey = subkeys.get(version);
      if (!subkey) {
        throw new SecretBoxError(
          "key_version_unknown",
          `This secret was sealed with master key version ${version}, which is not configured.`,
        );
      }
      const header = bytes.subarray(0, HEADER_BYTES);
      const iv = bytes.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
      const tag = bytes.subarray(bytes.length - TAG_BYTES);
      const body = bytes.subarray(HEADER_BYTES + IV_BYTES, bytes.length - TAG_BYTES);
      // authTagLength pins the tag to 16 bytes: without it Node would accept a shorter (truncated,
      // forgeable) tag. The layout always takes the last 16 bytes, so a cut blob fails to open.
      const decipher = createDecipheriv("aes-256-gcm", subkey, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      decipher.setAAD(associatedData(header, tenantId, field));
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError(
          "decrypt_failed",
          "The secret does not open: wrong tenant, wrong field, wrong key, or altered bytes.",
        );
      }
    },
  };
}

function deriveSubkey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "tollbooth secret box v1", 32));
}

function checkLocation(tenantId: string, field: string): void {
  if (typeof tenantId !== "string" || tenantId.length === 0) {
    throw new SecretBoxError("input_invalid", "A secret needs the tenant id it belongs to.");
  }
  if (typeof field !== "string" || field.length === 0) {
    throw new SecretBoxError("input_invalid", "A secret needs the name of the field it is stored in.");
  }
}

function associatedData(header: Buffer, tenantId: string, field: string): Buffer {
  const tenant = Buffer.from(tenantId, "utf8");
  const name = Buffer.from(field, "utf8");
  const lengths = Buffer.alloc(4);
  lengths.writeUInt16BE(tenant.length & 0xffff, 0);
  lengths.writeUInt16BE(name.length & 0xffff, 2);
  return Buffer.concat([Buffer.from("tollbooth/secret\0"), header, lengths, tenant, name]);
}

let defaultBox: SecretBox | undefined;

/** The process-wide box from TOLLBOOTH_MASTER_KEY (loaded on first use, so the warning prints once). */
export function defaultSecretBox(): SecretBox {
  defaultBox ??= createSecretBox(loadKeyRing());
  return defaultBox;
}

/** Seals `plaintext` for (tenantId, field) under the current master key. */
export function encryptSecret(input: SecretLocation & { plaintext: string }): SealedSecret {
  return defaultSecretBox().encrypt(input);
}

/** Opens a secret sealed for (tenantId, field); throws SecretBoxError otherwise. */
export function decryptSecret(input: SecretLocation & { cipher: Uint8Array; keyVersion?: number }): string {
  return defaultSecretBox().decrypt(input);
}
