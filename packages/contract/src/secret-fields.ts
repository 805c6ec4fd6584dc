/**
 * The field names the secret box binds a ciphertext to (with the tenant), so a blob copied to
 * another column does not open. The web seals what the gateway opens: one list for both.
 */
export const SECRET_FIELDS = {
  upstreamSecret: "apis.upstream_secret",
  nodeMacaroon: "lightning_connections.macaroon",
  rootKey: "root_keys.key",
  /** Bound also to the API id: a secret copied to another API of the same tenant does not open. */
  originSigningSecret: "apis.origin_signing_secret",
} as const;

export type SecretFieldName = (typeof SECRET_FIELDS)[keyof typeof SECRET_FIELDS];
