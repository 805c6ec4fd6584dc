export { DEFAULT_ADMIN_URL, SimnetUnavailableError, simnetAdmin } from "./admin-client";
export type { SimnetNodeCredentials } from "./credentials";
export type { SimnetLnbitsWallet } from "./lnbits/keys";
export { BUILDER_NODE } from "./network";
export type { SimnetNwcCredentials } from "./nostr/wallet-service";
export type { PaymentConditions } from "./payments";
export { type RunningSimnet, type SimnetOptions, startSimnet } from "./start";
