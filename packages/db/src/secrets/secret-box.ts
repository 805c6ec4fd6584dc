import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { SecretBoxError } from "./errors";
import { type KeyRing, loadKeyRing } from "./master-key";

/*
 * Layout of a sealed secret (stored in a bytea column, its key version also in a column beside it):
 *
 *   format (1 byte) | key version (uint16 BE) | IV (12 bytes) | ciphertext | GCM tag (16 bytes)
 *
 * AES-256-GCM. The associated data binds the blob to where it belongs: the 3 header bytes, the
 * tenant id and the field name (each length-prefixed, so "ab"+"c" ≠ "a"+"bc"). A secret copied
 * into another tenant's row or another column fails to open.
 *
 * Format 0x01: bound to tenant + field. Format 0x02: also bound to a `binding` string (an upstream
 * secret's upstream origin), so it opens only for that origin: a row whose upstream moved to
 * another host can no longer produce the secret. Opening with a binding refuses a 0x01 blob and
 * opening without one refuses a 0x02 blob, so neither form can stand in for the other.
 */
const FORMAT_V1 = 0x01;
const FORMAT_BOUND = 0x02;
const HEADER_BYTES = 3;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

export type SecretLocation = {
  /** The tenant owning the secret. */
  tenantId: string;
  /** Which secret this is, e.g. "apis.upstream_secret" or "lightning_connections.macaroon". */
  field: string;
  /**
   * What else the secret may only be used with, e.g. the upstream origin an upstream key is sent
   * to. Sealed into the associated data: the blob opens only with the same binding.
   */
  binding?: string;
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
    encrypt({ tenantId, field, binding, plaintext }) {
      checkLocation(tenantId, field, binding);
      if (typeof plaintext !== "string")
        throw new SecretBoxError("input_invalid", "The plaintext must be a string.");
      const format = binding === undefined ? FORMAT_V1 : FORMAT_BOUND;
      const header = Buffer.from([format, currentVersion >> 8, currentVersion & 0xff]);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", subkeys.get(currentVersion)!, iv, {
        authTagLength: TAG_BYTES,
      });
      cipher.setAAD(associatedData(header, tenantId, field, binding));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const sealed = Buffer.concat([header, iv, body, cipher.getAuthTag()]);
      return {
        cipher: new Uint8Array(sealed),
        keyVersion: currentVersion,
      };
    },
    decrypt({ tenantId, field, binding, cipher, keyVersion }) {
      checkLocation(tenantId, field, binding);
      const bytes = sealedBytes(cipher);
      if (bytes[0] === FORMAT_V1 && binding !== undefined) {
        throw new SecretBoxError(
          "binding_mismatch",
          "This secret was sealed before it was bound to where it may be used; it must be re-bound or re-entered.",
        );
      }
      if (bytes[0] === FORMAT_BOUND && binding === undefined) {
        throw new SecretBoxError("binding_mismatch", "This secret is bound and opens only with its binding.");
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
      decipher.setAAD(associatedData(header, tenantId, field, binding));
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError(
          "decrypt_failed",
          "The secret does not open: wrong tenant, wrong field, wrong binding, wrong key, or altered bytes.",
        );
      }
    },
  };
}

function deriveSubkey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "tollbooth secret box v1", 32));
}

function sealedBytes(cipher: Uint8Array): Buffer {
  if (!(cipher instanceof Uint8Array))
    throw new SecretBoxError("cipher_malformed", "A sealed secret is bytes.");
  const bytes = Buffer.from(cipher.buffer, cipher.byteOffset, cipher.byteLength);
  if (bytes.length < MIN_BYTES || (bytes[0] !== FORMAT_V1 && bytes[0] !== FORMAT_BOUND)) {
    throw new SecretBoxError("cipher_malformed", "Not a sealed secret (too short or unknown format).");
  }
  return bytes;
}

/** Whether a blob was sealed with a binding (format 0x02); throws cipher_malformed for non-blobs. */
export function isBoundSecret(cipher: Uint8Array): boolean {
  return sealedBytes(cipher)[0] === FORMAT_BOUND;
}

function checkLocation(tenantId: string, field: string, binding: string | undefined): void {
  if (typeof tenantId !== "string" || tenantId.length === 0) {
    throw new SecretBoxError("input_invalid", "A secret needs the tenant id it belongs to.");
  }
  if (typeof field !== "string" || field.length === 0) {
    throw new SecretBoxError("input_invalid", "A secret needs the name of the field it is stored in.");
  }
  if (
    binding !== undefined &&
    (typeof binding !== "string" || binding.length === 0 || binding.length > 2000)
  ) {
    throw new SecretBoxError(
      "input_invalid",
      "A secret's binding must be a non-empty string (at most 2000 characters).",
    );
  }
}

function associatedData(header: Buffer, tenantId: string, field: string, binding?: string): Buffer {
  const tenant = Buffer.from(tenantId, "utf8");
  const name = Buffer.from(field, "utf8");
  const lengths = Buffer.alloc(4);
  lengths.writeUInt16BE(tenant.length & 0xffff, 0);
  lengths.writeUInt16BE(name.length & 0xffff, 2);
  const parts = [Buffer.from("tollbooth/secret\0"), header, lengths, tenant, name];
  if (binding !== undefined) {
    // Only format 0x02 carries it (the header says so), so 0x01 blobs keep their exact AD.
    const bound = Buffer.from(binding, "utf8");
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bound.length, 0);
    parts.push(length, bound);
  }
  return Buffer.concat(parts);
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
