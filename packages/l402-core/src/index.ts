export { type Attenuation, attenuate } from "./attenuate";
export type { Bytes } from "./bytes";
export { caveatName } from "./caveats/registry";
export type { CaveatFailure, CaveatSatisfier, RequestScope } from "./caveats/satisfier";
export type { ServiceTier } from "./caveats/services";
export {
  type Challenge,
  formatChallenge,
  MAX_CHALLENGE_INPUT,
  type ParseChallengeResult,
  parseChallenge,
  type Scheme,
} from "./challenge";
export { L402ClientError, type L402ClientErrorCode } from "./client/errors";
export {
  coveringTokens,
  type FetchWithL402Options,
  fetchWithL402,
  type Wallet,
} from "./client/fetch-with-l402";
export { type InvoiceFacts, readInvoice } from "./client/invoice";
export {
  exactScope,
  type RouteScope,
  readScope,
  scopeCovers,
  scopeLabel,
  scopeSpecificity,
} from "./client/scope";
export { caveatsAllow, scopeOfPurchase, type TokenFacts, tokenFacts } from "./client/token-facts";
export {
  bucketFor,
  MemoryTokenStore,
  type ScopeSource,
  type StoredToken,
  type TokenEntry,
  type TokenStore,
  tokenBuckets,
  tokenKey,
} from "./client/token-store";
export {
  formatCredential,
  MAX_CREDENTIAL_HEADER,
  MAX_MACAROONS,
  type ParseCredentialResult,
  parseCredential,
} from "./credential";
export {
  type HeaderErrorCode,
  L402Error,
  type L402ErrorCode,
  type L402ErrorInfo,
  type VerifyErrorCode,
} from "./errors";
export {
  type DecodeIdentifierResult,
  decodeIdentifier,
  encodeIdentifier,
  IDENTIFIER_LENGTH,
  type Identifier,
} from "./identifier";
export { MACAROON_LOCATION, type MintInput, mintToken, newRootKey, newTokenId } from "./mint";
export { type InspectResult, inspectToken, MAX_MACAROON_BASE64 } from "./token";
export { TokenVerifier } from "./token-verifier";
export {
  type Credential,
  type Limit,
  type TokenScope,
  type VerifiedToken,
  type VerifyContext,
  type VerifyFailure,
  type VerifyResult,
  verifyToken,
} from "./verify";
export { type VerifiedMacaroon, verifyMacaroon } from "./verify-macaroon";
