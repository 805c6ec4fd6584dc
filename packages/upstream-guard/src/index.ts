export { type ForbiddenReason, forbiddenAddressReason, isForbiddenAddress, parseIPv6 } from "./address";
export { createGuardedLookup, ForbiddenUpstreamAddressError } from "./guarded-lookup";
export { type HostileUpstream, hostileUpstreamCorpus, PRIVATE_RESOLVING_NAME } from "./hostile-corpus";
export { forbiddenSecretHeaderReason, upstreamOrigin } from "./secret-header";
export {
  checkUpstreamUrlShape,
  isForbiddenHostname,
  type LookupAll,
  systemLookupAll,
  type UpstreamCheck,
  type UpstreamCheckOptions,
  type UpstreamRefusal,
  validateUpstreamUrl,
} from "./upstream-url";
