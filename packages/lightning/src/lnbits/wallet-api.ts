/// <reference path="../ln-service.d.ts" />
/**
 * The two LNbits calls both the backend and the connection test make, read one way: an incoming
 * invoice (POST /api/v1/payments, its BOLT11 decoded) and what a wallet reply says of the key.
 */
import { parsePaymentRequest } from "ln-service";
import { LightningError } from "../backend";
import { type LnbitsHttp, statusError } from "./http";

export interface RequestedInvoice {
  bolt11: string;
  decoded: ReturnType<typeof parsePaymentRequest>;
  /** The payment hash LNbits reported beside the invoice (checked against the BOLT11 by the caller). */
  reportedHash: string;
}

export async function requestLnbitsInvoice(
  http: LnbitsHttp,
  args: { amountSats: number; memo: string; expirySeconds: number },
): Promise<RequestedInvoice> {
  const reply = await http.call("POST", "/api/v1/payments", "create an invoice", {
    out: false,
    amount: args.amountSats,
    unit: "sat",
    memo: args.memo,
    expiry: args.expirySeconds,
  });
  if (reply.status !== 201 && reply.status !== 200) throw statusError(reply, "create an invoice");
  const body = (reply.body ?? {}) as { payment_hash?: unknown; bolt11?: unknown; payment_request?: unknown };
  const bolt11 =
    typeof body.bolt11 === "string"
      ? body.bolt11
      : typeof body.payment_request === "string"
        ? body.payment_request
        : "";
  try {
    return {
      bolt11,
      decoded: parsePaymentRequest({ request: bolt11 }),
      reportedHash: String(body.payment_hash ?? "").toLowerCase(),
    };
  } catch {
    throw new LightningError("node_error", "LNbits answered without a valid BOLT11 invoice.");
  }
}

/** LNbits shows the wallet id only to its admin key: a reply with one came to a key that can spend. */
export function isAdminKeyReply(wallet: { id?: unknown }): boolean {
  return typeof wallet.id === "string" && wallet.id !== "";
}
