export { type ForbiddenReason, forbiddenAddressReason, isForbiddenAddress, parseIPv6 } from "./address";
export { developmentRefusal, isMetadataHostname, stackServicePorts } from "./development-rules";
export { createGuardedLookup, ForbiddenUpstreamAddressError } from "./guarded-lookup";
export { type HostileUpstream, hostileUpstreamCorpus, PRIVATE_RESOLVING_NAME } from "./hostile-corpus";
export { type NodeSocketOptions, type PinnedNodeSocket, pinNodeSocket } from "./node-socket";
export {
  canonicalString,
  contentDigest,
  EMPTY_BODY_DIGEST,
  ORIGIN_DIGEST_HEADER,
  ORIGIN_SIGNATURE_HEADER,
  ORIGIN_SIGNATURE_TOLERANCE_SECONDS,
  type OriginVerdict,
  type SignedParts,
  signatureHeader,
  UNSIGNED_PAYLOAD,
  type VerifyInput,
  verifyOriginSignature,
} from "./origin-signature";
export {
  FORWARDING_HEADERS,
  forbiddenSecretHeaderReason,
  HOP_BY_HOP_HEADERS,
  upstreamOrigin,
} from "./secret-header";
export {
  checkUpstreamUrlShape,
  isForbiddenHostname,
  type LookupAll,
  portOf,
  systemLookupAll,
  type UpstreamCheck,
  type UpstreamCheckOptions,
  type UpstreamRefusal,
  validateUpstreamUrl,
} from "./upstream-url";
