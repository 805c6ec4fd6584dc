/**
 * LNbits payment records as the backend's types. LNbits has sent them in two shapes over its
 * versions (`pending: bool` and seconds since the epoch; then `status` and ISO times without a
 * zone, which are UTC): both are read here, in one place.
 */
import type { InvoiceState, InvoiceStatus, Settlement } from "../backend";
import { checkedPreimage } from "../payable-invoice";

export interface LnbitsPayment {
  payment_hash?: unknown;
  amount?: unknown;
  status?: unknown;
  pending?: unknown;
  time?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  expiry?: unknown;
  preimage?: unknown;
}

const HASH = /^[0-9a-f]{64}$/;

/** Milliseconds since the epoch from a unix time (seconds or ms) or an ISO string; null if unreadable. */
export function lnbitsTime(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    return value < 1e12 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value === "string" && value.trim() !== "") {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return lnbitsTime(Number(value));
    const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
    const ms = Date.parse(zoned);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

function isSettledIncoming(p: LnbitsPayment): boolean {
  const amount = Number(p.amount);
  if (!Number.isFinite(amount) || amount <= 0) return false;
  if (typeof p.status === "string") return p.status === "success";
  return p.pending === false;
}

export function paymentHashOf(p: LnbitsPayment): string | null {
  const hash = typeof p.payment_hash === "string" ? p.payment_hash.toLowerCase() : "";
  return HASH.test(hash) ? hash : null;
}

/** When it settled: LNbits moves updated_at when the status changes; older versions only have time. */
export function settledAtMs(p: LnbitsPayment): number {
  return lnbitsTime(p.updated_at) ?? lnbitsTime(p.time) ?? lnbitsTime(p.created_at) ?? Date.now();
}

/** A settled incoming payment as a Settlement; its settle index is the settle time in ms. */
export function asSettlement(p: LnbitsPayment): Settlement | null {
  const hash = paymentHashOf(p);
  if (!hash || !isSettledIncoming(p)) return null;
  const at = settledAtMs(p);
  return {
    paymentHash: hash,
    receivedMsats: BigInt(Math.round(Number(p.amount))),
    settleIndex: BigInt(at),
    settledAt: new Date(at),
  };
}

/** GET /api/v1/payments/{hash}: {paid, status?, preimage?, details?} as an InvoiceStatus. */
export function asInvoiceStatus(hash: string, body: unknown, nowMs = Date.now()): InvoiceStatus | null {
  const b = body as { paid?: unknown; status?: unknown; preimage?: unknown; details?: LnbitsPayment } | null;
  if (!b || typeof b.paid !== "boolean") return null;
  const details: LnbitsPayment = b.details && typeof b.details === "object" ? b.details : {};
  const amountMsats = Math.abs(Math.round(Number(details.amount ?? 0))) || 0;
  const expiresAt = lnbitsTime(details.expiry);
  const expired = expiresAt !== null && expiresAt <= nowMs;
  const status =
    typeof b.status === "string" ? b.status : typeof details.status === "string" ? details.status : "";
  const state: InvoiceState = b.paid
    ? "settled"
    : status === "failed"
      ? expired
        ? "expired"
        : "canceled"
      : expired
        ? "expired"
        : "pending";
  const at = b.paid ? settledAtMs(details) : null;
  const preimage = b.paid ? checkedPreimage(b.preimage ?? details.preimage, hash) : undefined;
  return {
    paymentHash: hash,
    state,
    amountSats: Math.floor(amountMsats / 1000),
    receivedMsats: b.paid ? BigInt(amountMsats) : 0n,
    ...(at !== null ? { settleIndex: BigInt(at), settledAt: new Date(at) } : {}),
    ...(preimage ? { preimage } : {}),
  };
}
