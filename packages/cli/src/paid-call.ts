import { fetchWithL402, L402ClientError, type TokenStore } from "@tollbooth/l402-core";
import { decodeReceipt, RECEIPT_HEADER } from "@tollbooth/receipts";
import { BudgetedWallet, type PayingWallet, type SessionBudget } from "./budgeted-wallet";
import { BudgetRefusal, type SpendLedger, type SpendLimits } from "./spend-ledger";

export interface PaidCallRequest {
  url: URL;
  method: string;
  headers: Headers;
  body?: string;
  maxSats: number;
}

export interface PaidCallSetup {
  wallet: PayingWallet;
  store: TokenStore;
  ledger: SpendLedger;
  limits: SpendLimits;
  via: string;
  session?: SessionBudget;
}

export interface PaidCallResult {
  response: Response;
  /** sats paid to the seller in this call (0 when a cached token covered it) */
  satsPaid: number;
  feeSats: number;
  paymentHash: string | null;
  /**
   * the `Tollbooth-Receipt` header (signed receipt, docs/contract.md "Receipts") and the receipt it
   * carries, decoded but not verified (`tollbooth receipt verify` checks the signature), when sent
   */
  receipt: { header: string; json: unknown } | null;
}

/** Why a paying call stopped, in the CLI's words; `paid` says whether money left the wallet. */
export class PaidCallError extends Error {
  constructor(
    readonly code:
      | "over_budget"
      | "price_above_cap"
      | "payment_failed"
      | "payment_not_accepted"
      | "bad_challenge"
      | "request_failed",
    message: string,
    readonly paid: boolean,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "PaidCallError";
  }
}

/**
 * One L402 call, paying within the per-call cap (l402-core checks the advertised price and the
 * invoice amount before paying) and within the budgets (BudgetedWallet reserves the invoice
 * amount before paying). A cached token that covers the request is used first, so nothing is
 * bought twice. Used by `tollbooth fetch` and the MCP `call_api` tool alike.
 */
export async function paidCall(req: PaidCallRequest, setup: PaidCallSetup): Promise<PaidCallResult> {
  const wallet = new BudgetedWallet(
    setup.wallet,
    setup.ledger,
    setup.limits,
    { url: req.url.href, method: req.method, via: setup.via },
    setup.session,
  );
  let response: Response;
  try {
    response = await fetchWithL402(
      req.url,
      { method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) },
      { wallet, maxSats: req.maxSats, store: setup.store },
    );
  } catch (err) {
    if (wallet.refusal instanceof BudgetRefusal) {
      throw new PaidCallError("over_budget", wallet.refusal.message, false, wallet.refusal.details);
    }
    if (err instanceof L402ClientError) {
      const code =
        err.code === "price_above_cap" || err.code === "payment_failed" || err.code === "payment_not_accepted"
          ? err.code
          : "bad_challenge";
      const paid = err.paid || wallet.paidSats > 0;
      const suffix = err.code === "price_above_cap" ? "; nothing was paid" : "";
      throw new PaidCallError(code, `${err.message}${suffix}`, paid, {
        ...(err.code === "price_above_cap" ? { max_sats: req.maxSats } : {}),
        paid_sats: wallet.paidSats,
      });
    }
    throw new PaidCallError(
      "request_failed",
      `request failed: ${(err as Error).message}`,
      wallet.paidSats > 0,
      {
        paid_sats: wallet.paidSats,
      },
    );
  }
  return {
    response,
    satsPaid: wallet.paidSats,
    feeSats: wallet.feeSats,
    paymentHash: wallet.paymentHash ?? null,
    receipt: readReceipt(response.headers),
  };
}

/** The gateway's signed receipt of this payment, raw and decoded (null json: unreadable). */
export function readReceipt(headers: Headers): { header: string; json: unknown } | null {
  const header = headers.get(RECEIPT_HEADER);
  if (!header) return null;
  return { header, json: decodeReceipt(header) };
}
