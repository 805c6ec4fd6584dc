export { createLnbitsBackend, type LnbitsBackendOptions } from "./backend";
export { checkLnbitsConnection, LNBITS_INVOICE_KEY_HINT } from "./check";
export { type LnbitsCredentials, lnbitsBaseUrl } from "./http";
