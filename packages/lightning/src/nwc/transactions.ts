import type { InvoiceState, InvoiceStatus, Settlement } from "../backend";
import { checkedPreimage } from "../payable-invoice";

/** A NIP-47 transaction (make_invoice, lookup_invoice, list_transactions, notifications). */
export interface NwcTransaction {
  type?: string;
  state?: string;
  invoice?: string;
  payment_hash?: string;
  preimage?: string;
  /** msats */
  amount?: number;
  created_at?: number;
  expires_at?: number;
  settled_at?: number;
}

const HASH = /^[0-9a-f]{64}$/;

export function isSettled(tx: NwcTransaction): boolean {
  return (
    tx.state === "settled" ||
    (tx.state === undefined && typeof tx.settled_at === "number" && tx.settled_at > 0)
  );
}

/**
 * The settle index NWC lacks: settled_at in milliseconds. It only moves forward in practice and
 * the registry keeps the greatest; reconciliation re-reads a margin before it, and re-delivery is
 * harmless because marking a challenge settled is idempotent.
 */
function settleIndexOf(tx: NwcTransaction): bigint {
  return BigInt(Math.max(0, Math.floor(tx.settled_at ?? 0))) * 1000n;
}

export function toSettlement(tx: NwcTransaction): Settlement | null {
  const paymentHash = String(tx.payment_hash ?? "").toLowerCase();
  if (!HASH.test(paymentHash) || !isSettled(tx)) return null;
  const settledAtMs = Math.max(0, Math.floor(tx.settled_at ?? Date.now() / 1000)) * 1000;
  return {
    paymentHash,
    receivedMsats: BigInt(Math.max(0, Math.floor(tx.amount ?? 0))),
    settleIndex: BigInt(settledAtMs),
    settledAt: new Date(settledAtMs),
  };
}

export function toInvoiceStatus(tx: NwcTransaction, paymentHash: string, nowMs = Date.now()): InvoiceStatus {
  const settled = isSettled(tx);
  const expired =
    !settled &&
    (tx.state === "expired" || (typeof tx.expires_at === "number" && tx.expires_at * 1000 <= nowMs));
  const state: InvoiceState = settled
    ? "settled"
    : expired
      ? "expired"
      : tx.state === "failed"
        ? "canceled"
        : "pending";
  const msats = BigInt(Math.max(0, Math.floor(tx.amount ?? 0)));
  const preimage = settled ? checkedPreimage(tx.preimage, paymentHash) : undefined;
  return {
    paymentHash,
    state,
    amountSats: Number(msats / 1000n),
    receivedMsats: settled ? msats : 0n,
    ...(settled ? { settleIndex: settleIndexOf(tx) } : {}),
    ...(settled && tx.settled_at ? { settledAt: new Date(tx.settled_at * 1000) } : {}),
    ...(preimage ? { preimage } : {}),
  };
}
