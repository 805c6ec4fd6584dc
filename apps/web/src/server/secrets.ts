import { SECRET_FIELDS } from "@tollbooth/contract";
import { decryptSecret, encryptSecret } from "@tollbooth/db";

/**
 * The one place the web app seals and opens secrets (upstream keys, node macaroons). The box is
 * @tollbooth/db's AES-256-GCM, bound to the tenant and the field, so a ciphertext copied to
 * another tenant or column does not open.
 */
export type SecretField = "upstream_secret" | "node_macaroon";

/** The field names @tollbooth/db documents; the gateway opens the same blobs with the same names. */
export const SECRET_FIELD_NAMES: Record<SecretField, string> = {
  upstream_secret: SECRET_FIELDS.upstreamSecret,
  node_macaroon: SECRET_FIELDS.nodeMacaroon,
};

export function sealSecret(tenantId: string, field: SecretField, plaintext: string) {
  const sealed = encryptSecret({ tenantId, field: SECRET_FIELD_NAMES[field], plaintext });
  return { cipher: Buffer.from(sealed.cipher), keyVersion: sealed.keyVersion };
}

export function openSecret(
  tenantId: string,
  field: SecretField,
  cipher: Uint8Array,
  keyVersion: number,
): string {
  return decryptSecret({ tenantId, field: SECRET_FIELD_NAMES[field], cipher, keyVersion });
}
