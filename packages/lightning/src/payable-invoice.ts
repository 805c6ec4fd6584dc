/// <reference path="./ln-service.d.ts" />
import { createHash } from "node:crypto";
import { parsePaymentRequest } from "ln-service";
import { LightningError } from "./backend";

export interface PayableInvoice {
  /** The BOLT11 string, trimmed: what is sent to the wallet. */
  request: string;
  /** lowercase hex: what the preimage the wallet reports must hash to. */
  paymentHash: string;
}

/**
 * What every wallet kind checks before it sends a payment, so LND, NWC and LNbits refuse the same
 * inputs with the same words: a string that is not a BOLT11 invoice, a fee cap that is not a
 * whole number of sats, an invoice already expired.
 */
export function readPayableInvoice(bolt11: string, maxFeeSats: number): PayableInvoice {
  const request = String(bolt11).trim();
  let decoded: ReturnType<typeof parsePaymentRequest>;
  try {
    decoded = parsePaymentRequest({ request });
  } catch {
    throw new LightningError("invalid_request", "That is not a valid BOLT11 invoice.");
  }
  if (!Number.isSafeInteger(maxFeeSats) || maxFeeSats < 0) {
    throw new LightningError("invalid_request", "The maximum fee must be a whole number of sats, 0 or more.");
  }
  if (Date.parse(decoded.expires_at) <= Date.now()) {
    throw new LightningError("invoice_expired", "The invoice has expired; ask for a fresh one.");
  }
  return { request, paymentHash: decoded.id };
}

/** sha256 of a hex preimage, lowercase hex: a payment is proven only when it equals the invoice's hash. */
export function hashOfPreimage(preimageHex: string): string {
  return createHash("sha256").update(Buffer.from(preimageHex, "hex")).digest("hex");
}

/**
 * A wallet's reported preimage, lowercase, only when it really hashes to the payment hash: it is
 * handed to payers as proof, so every wallet kind reads it through here.
 */
export function checkedPreimage(value: unknown, paymentHash: string): string | undefined {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{64}$/.test(value)) return undefined;
  const preimage = value.toLowerCase();
  return hashOfPreimage(preimage) === paymentHash ? preimage : undefined;
}
