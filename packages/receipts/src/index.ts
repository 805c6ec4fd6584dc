export {
  generateReceiptKeyPem,
  importPublicKey,
  type PublicReceiptKey,
  parsePrivateKey,
  publicKeyOf,
  ReceiptKeyError,
  receiptKeyFromEnv,
} from "./keys";
export { keysDocumentOf, publicKeysOfDocument } from "./keys-document";
export {
  RECEIPT_HEADER,
  RECEIPT_KEYS_PATH,
  RECEIPT_PATH,
  Receipt,
  type ReceiptFacts,
  ReceiptKeysDocument,
} from "./receipt";
export {
  decodeReceipt,
  encodeSignedReceipt,
  ReceiptSigner,
  type SignedReceipt,
  type VerifyReceiptResult,
  verifyReceipt,
} from "./signed-receipt";
