import { LightningError } from "./backend";

/** A year: no wallet kind is asked for an invoice that outlives it. */
const MAX_EXPIRY_SECONDS = 365 * 24 * 3600;

/**
 * What every wallet kind checks before it asks for an invoice, so LND, NWC and LNbits refuse the
 * same requests with the same words (639 bytes is BOLT11's longest description).
 */
export function checkInvoiceRequest(args: { amountSats: number; memo: string; expirySeconds: number }): void {
  const { amountSats, memo, expirySeconds } = args;
  if (!Number.isSafeInteger(amountSats) || amountSats < 1) {
    throw new LightningError(
      "invalid_request",
      "An invoice amount must be a whole number of sats, at least 1.",
    );
  }
  if (!Number.isInteger(expirySeconds) || expirySeconds < 1 || expirySeconds > MAX_EXPIRY_SECONDS) {
    throw new LightningError("invalid_request", "An invoice expiry must be between 1 second and 1 year.");
  }
  if (typeof memo !== "string" || Buffer.byteLength(memo) > 639) {
    throw new LightningError("invalid_request", "An invoice memo must be text of at most 639 bytes.");
  }
}

/** A payment hash to look up, lowercased: every wallet kind refuses anything but 64 hex characters alike. */
export function readPaymentHash(value: string): string {
  const hash = String(value).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hash)) {
    throw new LightningError("invalid_request", "A payment hash is 64 hex characters.");
  }
  return hash;
}
