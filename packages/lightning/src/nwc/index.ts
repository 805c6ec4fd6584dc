export { checkNwcConnection, NWC_REQUIRED_METHODS, NWC_SPENDING_METHODS } from "./check";
export { type NwcConnection, parseNwcConnectionString, relaySocket } from "./connection-string";
export { createNwcBackend, type NwcBackend, type NwcBackendOptions } from "./nwc-backend";
export { openRelayCount } from "./shared-relay";
