export type SecretBoxErrorCode =
  /** TOLLBOOTH_MASTER_KEY (or a previous key) is not 32 bytes of base64 or hex. */
  | "master_key_invalid"
  /** The ciphertext's key version is not in the key ring (a rotated-out key, or a forged blob). */
  | "key_version_unknown"
  /** Not a blob this box wrote: too short, wrong format byte, or a truncated tag. */
  | "cipher_malformed"
  /** Authentication failed: wrong tenant, wrong field, wrong key, or tampered bytes. */
  | "decrypt_failed"
  /** Opened with a binding it was not sealed with (or without one it was): see SecretLocation.binding. */
  | "binding_mismatch"
  /** Caller error: empty tenant id / field, or a non-string plaintext. */
  | "input_invalid";

/** Every failure of the secret box. Messages never contain key material or plaintext. */
export class SecretBoxError extends Error {
  override name = "SecretBoxError";
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
