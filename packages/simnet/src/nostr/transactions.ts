import type { Network } from "../network";
import type { StoredInvoice, StoredPayment } from "../state";

/** A simnet invoice as a NIP-47 transaction. */
export function incomingTransaction(network: Network, invoice: StoredInvoice) {
  const state = network.currentState(invoice);
  const settled = state === "SETTLED";
  return {
    type: "incoming",
    // The simnet cancels an open invoice only when it expires.
    state: settled ? "settled" : state === "CANCELED" ? "expired" : "pending",
    invoice: invoice.bolt11,
    description: invoice.memo,
    description_hash: "",
    preimage: settled ? invoice.preimage : "",
    payment_hash: invoice.paymentHash,
    amount: Number(settled ? invoice.amtPaidMsat : invoice.valueMsat),
    fees_paid: 0,
    created_at: invoice.createdAt,
    expires_at: invoice.createdAt + invoice.expirySeconds,
    ...(settled ? { settled_at: invoice.settledAt } : {}),
    metadata: {},
  };
}

function outgoingTransaction(payment: StoredPayment) {
  const settled = payment.status === "SUCCEEDED";
  return {
    type: "outgoing",
    state: settled ? "settled" : "failed",
    invoice: payment.bolt11,
    description: "",
    description_hash: "",
    preimage: payment.preimage,
    payment_hash: payment.paymentHash,
    amount: Number(payment.valueMsat),
    fees_paid: Number(payment.feeMsat),
    created_at: Math.floor(Number(BigInt(payment.createdAtNs) / 1_000_000_000n)),
    ...(settled ? { settled_at: Math.floor(Number(BigInt(payment.resolvedAtNs) / 1_000_000_000n)) } : {}),
    metadata: {},
  };
}

export type NwcTransaction = ReturnType<typeof incomingTransaction> | ReturnType<typeof outgoingTransaction>;

/**
 * NIP-47 list_transactions: newest first, `from`/`until` on when the transaction last changed
 * (settled_at once settled, else created_at), unpaid ones only when asked.
 */
export function listTransactions(
  network: Network,
  node: { invoices: StoredInvoice[]; payments: StoredPayment[] },
  params: {
    from?: unknown;
    until?: unknown;
    limit?: unknown;
    offset?: unknown;
    unpaid?: unknown;
    type?: unknown;
  },
): NwcTransaction[] {
  const from = typeof params.from === "number" ? params.from : 0;
  const until = typeof params.until === "number" ? params.until : Number.POSITIVE_INFINITY;
  const limit = typeof params.limit === "number" && params.limit > 0 ? Math.min(params.limit, 1000) : 100;
  const offset = typeof params.offset === "number" && params.offset > 0 ? params.offset : 0;
  const all: NwcTransaction[] = [];
  if (params.type !== "outgoing") all.push(...node.invoices.map((i) => incomingTransaction(network, i)));
  if (params.type !== "incoming") all.push(...node.payments.map(outgoingTransaction));
  return all
    .filter((t) => params.unpaid === true || t.state === "settled")
    .filter((t) => {
      const changed = "settled_at" in t && t.settled_at ? t.settled_at : t.created_at;
      return changed >= from && changed <= until;
    })
    .sort((a, b) => b.created_at - a.created_at)
    .slice(offset, offset + limit);
}
