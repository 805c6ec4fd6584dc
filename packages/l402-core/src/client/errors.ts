export type L402ClientErrorCode =
  | "price_above_cap"
  | "invoice_amount_mismatch"
  | "invoice_hash_mismatch"
  | "invoice_without_amount"
  | "bad_invoice"
  | "bad_challenge"
  | "payment_failed"
  | "payment_not_accepted";

/** Why fetchWithL402 stopped. `paid` says whether money left the wallet in this call. */
export class L402ClientError extends Error {
  readonly code: L402ClientErrorCode;
  readonly paid: boolean;
  readonly status?: number;
  constructor(code: L402ClientErrorCode, message: string, details: { paid?: boolean; status?: number } = {}) {
    super(message);
    this.name = "L402ClientError";
    this.code = code;
    this.paid = details.paid ?? false;
    if (details.status !== undefined) this.status = details.status;
  }
}
