/** Simnet invoices and payments in LNbits's payment shape (status, msat amounts, ISO times in UTC without a zone). */
import type { Network } from "../network";
import type { StoredInvoice, StoredNode, StoredPayment } from "../state";
import { lnbitsKeysOf } from "./keys";

/** LNbits writes datetimes as naive UTC ISO strings. */
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 23);

export function invoiceRecord(network: Network, node: StoredNode, invoice: StoredInvoice) {
  const state = network.currentState(invoice);
  const status = state === "SETTLED" ? "success" : state === "CANCELED" ? "failed" : "pending";
  const created = invoice.createdAt * 1000;
  return {
    checking_id: invoice.paymentHash,
    payment_hash: invoice.paymentHash,
    wallet_id: lnbitsKeysOf(node).walletId,
    amount: Number(state === "SETTLED" ? invoice.amtPaidMsat : invoice.valueMsat),
    fee: 0,
    bolt11: invoice.bolt11,
    payment_request: invoice.bolt11,
    status,
    pending: status === "pending",
    memo: invoice.memo,
    expiry: iso(created + invoice.expirySeconds * 1000),
    time: iso(created),
    created_at: iso(created),
    updated_at: iso(invoice.settledAt ? invoice.settledAt * 1000 : created),
    preimage: state === "SETTLED" ? invoice.preimage : null,
    extra: {},
  };
}

export function paymentRecord(node: StoredNode, payment: StoredPayment) {
  const created = Number(BigInt(payment.createdAtNs) / 1_000_000n);
  const resolved = Number(BigInt(payment.resolvedAtNs) / 1_000_000n) || created;
  const status = payment.status === "SUCCEEDED" ? "success" : "failed";
  return {
    checking_id: payment.paymentHash,
    payment_hash: payment.paymentHash,
    wallet_id: lnbitsKeysOf(node).walletId,
    amount: -Number(payment.valueMsat),
    fee: -Number(payment.feeMsat),
    bolt11: payment.bolt11,
    status,
    pending: false,
    memo: "",
    time: iso(created),
    created_at: iso(created),
    updated_at: iso(resolved),
    preimage: payment.preimage || null,
    extra: {},
  };
}
