/// <reference path="../ln-service.d.ts" />
/**
 * The LightningBackend over Nostr Wallet Connect (NIP-47): invoices by make_invoice, look-ups by
 * lookup_invoice, settlements from payment_received notifications or polling (nwc-settlements),
 * health by get_info, payments by pay_invoice (builders only). Every call has a timeout; a relay
 * that cannot be reached is "unreachable", so the gateway's NodeGate answers 503 + Retry-After.
 */

import { parsePaymentRequest } from "ln-service";
import {
  type CreatedInvoice,
  type InvoiceStatus,
  type LightningBackend,
  LightningError,
  type NodeDial,
  type NodeHealth,
  type PaymentResult,
  unhealthy,
  type WalletBalance,
} from "../backend";
import { checkInvoiceRequest, readPaymentHash } from "../invoice-request";
import { checkedPreimage, readPayableInvoice } from "../payable-invoice";
import { parseNwcConnectionString } from "./connection-string";
import { NwcSession } from "./nwc-session";
import { followNwcSettlements, type OpenInvoices } from "./nwc-settlements";
import { type NwcTransaction, toInvoiceStatus } from "./transactions";

export interface NwcBackendOptions {
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Timeout for pay_invoice. Default 60 s. */
  payTimeoutMs?: number;
  /** Polling interval when the wallet sends no notifications. Default 500 ms (settlement within 1 s). */
  pollIntervalMs?: number;
  /** How far back reconciliation reads after a reconnect. Default 10 minutes. */
  reconcileMarginMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Checks the relay's host:port and returns the IP to dial (see NodeDial); without it ws resolves it. */
  dial?: NodeDial;
}

export type NwcBackend = LightningBackend & { close(): void };

const MAX_OPEN = 50_000;

/**
 * Tracks an open invoice for polling without list_transactions. Bounded: expired ones are swept
 * as the map grows, and past the cap the oldest go (a flood of unpaid challenges costs no memory;
 * a forgotten one is still found by the paywall's own lookup).
 */
function remember(open: OpenInvoices, hash: string, expiresAtMs: number): void {
  open.set(hash, expiresAtMs);
  if (open.size <= 5_000 || open.size % 1_000 !== 0) return;
  const now = Date.now();
  for (const [h, at] of open) if (at < now) open.delete(h);
  for (const h of open.keys()) {
    if (open.size <= MAX_OPEN) break;
    open.delete(h);
  }
}

export function createNwcBackend(connectionString: string, opts: NwcBackendOptions = {}): NwcBackend {
  const connection = parseNwcConnectionString(connectionString);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const session = new NwcSession(connection, {
    timeoutMs,
    reconnectMinMs: opts.reconnectMinMs ?? 250,
    reconnectMaxMs: opts.reconnectMaxMs ?? 5_000,
    ...(opts.dial ? { dial: opts.dial } : {}),
  });
  const open: OpenInvoices = new Map();

  return {
    async createInvoice({ amountSats, memo, expirySeconds }): Promise<CreatedInvoice> {
      checkInvoiceRequest({ amountSats, memo, expirySeconds });
      const tx = await session.request<NwcTransaction>("make_invoice", {
        amount: amountSats * 1000,
        description: memo,
        expiry: expirySeconds,
      });
      const bolt11 = typeof tx.invoice === "string" ? tx.invoice : "";
      let decoded: ReturnType<typeof parsePaymentRequest>;
      try {
        decoded = parsePaymentRequest({ request: bolt11 });
      } catch {
        throw new LightningError(
          "node_error",
          "The NWC wallet answered make_invoice without a valid invoice.",
        );
      }
      // Trust the invoice, not the fields beside it: the payer pays what the invoice says.
      if (decoded.mtokens !== String(amountSats * 1000)) {
        throw new LightningError(
          "node_error",
          `The NWC wallet made an invoice for ${decoded.mtokens} msat instead of ${amountSats * 1000}.`,
        );
      }
      if (tx.payment_hash && tx.payment_hash.toLowerCase() !== decoded.id) {
        throw new LightningError("node_error", "The NWC wallet's payment hash does not match its invoice.");
      }
      const expiresAt = new Date(Date.parse(decoded.expires_at));
      remember(open, decoded.id, expiresAt.getTime());
      return { bolt11, paymentHash: decoded.id, amountSats, expiresAt };
    },

    async lookupInvoice(paymentHash): Promise<InvoiceStatus> {
      const hash = readPaymentHash(paymentHash);
      const tx = await session.request<NwcTransaction>("lookup_invoice", { payment_hash: hash });
      if (tx.payment_hash && tx.payment_hash.toLowerCase() !== hash) {
        throw new LightningError(
          "node_error",
          "The NWC wallet answered lookup_invoice about another invoice.",
        );
      }
      return toInvoiceStatus(tx, hash);
    },

    subscribeSettlements(args) {
      return followNwcSettlements(
        session,
        open,
        { pollIntervalMs: opts.pollIntervalMs ?? 500, reconcileMarginMs: opts.reconcileMarginMs ?? 600_000 },
        args,
      );
    },

    async health(): Promise<NodeHealth> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const info = await session.walletInfo();
        if (!info.methods.includes("get_info")) {
          // The info event answered; without get_info that is all a receive-only string may ask.
          await session.connect();
          return { ok: true, latencyMs: elapsed() };
        }
        const got = await session.request<{ alias?: string; pubkey?: string }>("get_info", {});
        return {
          ok: true,
          ...(typeof got.pubkey === "string" ? { pubkey: got.pubkey } : {}),
          ...(typeof got.alias === "string" ? { alias: got.alias } : {}),
          latencyMs: elapsed(),
        };
      } catch (err) {
        return unhealthy(err, elapsed());
      }
    },

    async balance(): Promise<WalletBalance> {
      const res = await session.request<{ balance?: number }>("get_balance", {});
      const msats = BigInt(Math.max(0, Math.floor(Number(res.balance ?? 0))));
      return { sats: Number(msats / 1000n), msats };
    },

    async pay({ bolt11, maxFeeSats }): Promise<PaymentResult> {
      const { request, paymentHash } = readPayableInvoice(bolt11, maxFeeSats);
      // NIP-47 has no fee limit parameter: the wallet's own budget bounds it; we check after.
      const paid = await session.request<{ preimage?: string; fees_paid?: number }>(
        "pay_invoice",
        { invoice: request },
        opts.payTimeoutMs ?? 60_000,
      );
      const preimage = checkedPreimage(paid.preimage, paymentHash);
      if (!preimage) {
        throw new LightningError(
          "payment_failed",
          "The NWC wallet reported a preimage that does not match the invoice.",
        );
      }
      const feeSats = Math.ceil(Math.max(0, Number(paid.fees_paid ?? 0)) / 1000);
      return { preimage, paymentHash, feeSats };
    },

    close() {
      session.close();
    },
  };
}
