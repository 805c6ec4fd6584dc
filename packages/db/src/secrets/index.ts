export { SecretBoxError, type SecretBoxErrorCode } from "./errors";
export { type KeyRing, type KeyRingSource, loadKeyRing, type MasterKey, parseMasterKey } from "./master-key";
export {
  createSecretBox,
  decryptSecret,
  defaultSecretBox,
  encryptSecret,
  type SealedSecret,
  type SecretBox,
  type SecretLocation,
} from "./secret-box";
