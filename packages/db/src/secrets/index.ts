export {
  bindLegacyUpstreamSecrets,
  countLegacyUpstreamSecrets,
  type LegacySecretMode,
  type LegacySecretReport,
} from "./bind-legacy-upstream-secrets";
export { SecretBoxError, type SecretBoxErrorCode } from "./errors";
export { type KeyRing, type KeyRingSource, loadKeyRing, type MasterKey, parseMasterKey } from "./master-key";
export {
  createSecretBox,
  decryptSecret,
  defaultSecretBox,
  encryptSecret,
  isBoundSecret,
  type SealedSecret,
  type SecretBox,
  type SecretLocation,
} from "./secret-box";
