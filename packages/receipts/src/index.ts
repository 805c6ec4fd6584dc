export {
  generateReceiptKeyPem,
  importPublicKey,
  keyIdOf,
  type PublicReceiptKey,
  parsePrivateKey,
  publicKeyOf,
  RECEIPT_KEY_VARIABLE,
  ReceiptKeyError,
  receiptKeyFromEnv,
} from "./keys";
export { keysDocumentOf, publicKeysOfDocument } from "./keys-document";
export {
  RECEIPT_HEADER,
  RECEIPT_KEYS_PATH,
  RECEIPT_PATH,
  RECEIPT_VERSION,
  Receipt,
  type ReceiptFacts,
  ReceiptKeysDocument,
} from "./receipt";
export {
  decodeReceipt,
  encodeSignedReceipt,
  MAX_ENCODED_RECEIPT,
  ReceiptSigner,
  type SignedReceipt,
  type VerifyReceiptResult,
  verifyReceipt,
} from "./signed-receipt";
