export * from "./backend";
export * from "./lnbits";
export { createLndBackend, type LndBackendOptions } from "./lnd-backend";
export { closeLndClients } from "./lnd-client";
export { type MacaroonPermission, macaroonPermissions } from "./macaroon-permissions";
export {
  BAKE_INVOICE_MACAROON_HINT,
  checkNodeConnection,
  type NodeConnectionReport,
} from "./node-connection";
export * from "./nwc";
export type { WalletCheck } from "./wallet-check";
