export { type ForbiddenReason, forbiddenAddressReason, isForbiddenAddress, parseIPv6 } from "./address";
export { developmentRefusal, isMetadataHostname, stackServicePorts } from "./development-rules";
export { createGuardedLookup, ForbiddenUpstreamAddressError } from "./guarded-lookup";
export { type HostileUpstream, hostileUpstreamCorpus, PRIVATE_RESOLVING_NAME } from "./hostile-corpus";
export { type NodeSocketOptions, type PinnedNodeSocket, pinNodeSocket } from "./node-socket";
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
