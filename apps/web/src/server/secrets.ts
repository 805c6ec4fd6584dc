import { randomBytes } from "node:crypto";
import { ORIGIN_SECRET_BYTES, ORIGIN_SECRET_PREFIX, SECRET_FIELDS } from "@tollbooth/contract";
import { decryptSecret, encryptSecret } from "@tollbooth/db";
import { upstreamOrigin } from "@tollbooth/upstream-guard";
import { AppError } from "./errors";

/**
 * The one place the web app seals and opens secrets (upstream keys, node macaroons). The box is
 * @tollbooth/db's AES-256-GCM, bound to the tenant and the field, so a ciphertext copied to
 * another tenant or column does not open. An upstream secret is also bound to its upstream
 * origin: the gateway opens it with the API's current origin, so it can never be sent elsewhere.
 */
export type SecretField = "upstream_secret" | "node_macaroon";

/** The field names @tollbooth/db documents; the gateway opens the same blobs with the same names. */
export const SECRET_FIELD_NAMES: Record<SecretField, string> = {
  upstream_secret: SECRET_FIELDS.upstreamSecret,
  node_macaroon: SECRET_FIELDS.nodeMacaroon,
};

export function sealSecret(tenantId: string, field: "node_macaroon", plaintext: string) {
  const sealed = encryptSecret({ tenantId, field: SECRET_FIELD_NAMES[field], plaintext });
  return { cipher: Buffer.from(sealed.cipher), keyVersion: sealed.keyVersion };
}

/** Seals an upstream key so that it opens only for `upstreamBaseUrl`'s origin. */
export function sealUpstreamSecret(tenantId: string, upstreamBaseUrl: string, plaintext: string) {
  const binding = upstreamOrigin(upstreamBaseUrl);
  if (!binding) throw new AppError("bad_request", "The upstream URL is not a valid http(s) URL.");
  const sealed = encryptSecret({ tenantId, field: SECRET_FIELD_NAMES.upstream_secret, binding, plaintext });
  return { cipher: Buffer.from(sealed.cipher), keyVersion: sealed.keyVersion };
}

/**
 * A new origin signing secret (`tbos_` + 32 random bytes in hex) and its sealed form, bound to the
 * tenant, the field and the API's id: the gateway opens it with the same three, and a blob copied
 * to another API of the tenant does not open. The plaintext goes back to the provider once.
 */
export function mintOriginSigningSecret(tenantId: string, apiId: string) {
  const plaintext = `${ORIGIN_SECRET_PREFIX}${randomBytes(ORIGIN_SECRET_BYTES).toString("hex")}`;
  const sealed = encryptSecret({
    tenantId,
    field: SECRET_FIELDS.originSigningSecret,
    binding: apiId,
    plaintext,
  });
  return { plaintext, cipher: Buffer.from(sealed.cipher), keyVersion: sealed.keyVersion };
}

export function openSecret(
  tenantId: string,
  field: "node_macaroon",
  cipher: Uint8Array,
  keyVersion: number,
): string {
  return decryptSecret({ tenantId, field: SECRET_FIELD_NAMES[field], cipher, keyVersion });
}
