/**
 * The LightningBackend over an LNbits wallet's REST API (X-Api-Key): invoices are made and looked
 * up with the invoice/read key, settlements come from the wallet websocket with polling of the
 * payment list as the fallback (settlements.ts), and `pay` works only with an admin key.
 */

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
import { checkedPreimage, hashOfPreimage, readPayableInvoice } from "../payable-invoice";
import { type LnbitsCredentials, LnbitsHttp, lnbitsDetail, statusError } from "./http";
import { asInvoiceStatus } from "./payment";
import { followLnbitsSettlements } from "./settlements";
import { isAdminKeyReply, requestLnbitsInvoice } from "./wallet-api";

export interface LnbitsBackendOptions {
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Timeout for a payment to resolve. Default 60 s. */
  payTimeoutMs?: number;
  /** Check and pin the instance's address per connection (see NodeDial); without it, plain DNS. */
  dial?: NodeDial;
  /** Follow the wallet websocket (default true); false polls the payment list only. */
  websocket?: boolean;
  /** Poll interval while the websocket is down or off. Default 500 ms (settlement within 1 s). */
  pollMs?: number;
  /** Poll interval while the websocket is up. Default 15 s. */
  safetyPollMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Re-read window before the last delivered settlement on reconnect. Default 10 min. */
  marginMs?: number;
  /** Furthest a first reconciliation looks back. Default 7 days. */
  lookbackMs?: number;
}

export function createLnbitsBackend(
  creds: LnbitsCredentials,
  opts: LnbitsBackendOptions = {},
): LightningBackend {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const http = new LnbitsHttp(creds, timeoutMs, opts.dial);
  const payHttp = new LnbitsHttp(creds, opts.payTimeoutMs ?? 60_000, opts.dial);

  const wallet = async (): Promise<{ name: string | null; balanceMsats: bigint; admin: boolean }> => {
    const reply = await http.call("GET", "/api/v1/wallet", "read the wallet");
    if (reply.status !== 200) throw statusError(reply, "read the wallet");
    const b = reply.body as { id?: unknown; name?: unknown; balance?: unknown } | null;
    if (!b || typeof b !== "object")
      throw new LightningError("node_error", "LNbits answered the wallet call without a wallet.");
    const balance = Number(b.balance ?? 0);
    return {
      name: typeof b.name === "string" ? b.name : null,
      balanceMsats: BigInt(Number.isFinite(balance) && balance > 0 ? Math.floor(balance) : 0),
      admin: isAdminKeyReply(b),
    };
  };

  return {
    async createInvoice({ amountSats, memo, expirySeconds }): Promise<CreatedInvoice> {
      checkInvoiceRequest({ amountSats, memo, expirySeconds });
      const { bolt11, decoded, reportedHash } = await requestLnbitsInvoice(http, {
        amountSats,
        memo,
        expirySeconds,
      });
      if (decoded.tokens !== amountSats || reportedHash !== decoded.id) {
        throw new LightningError(
          "node_error",
          "LNbits made an invoice that does not match what was asked for.",
        );
      }
      return { bolt11, paymentHash: decoded.id, amountSats, expiresAt: new Date(decoded.expires_at) };
    },

    async lookupInvoice(paymentHash): Promise<InvoiceStatus> {
      const hash = readPaymentHash(paymentHash);
      const reply = await http.call("GET", `/api/v1/payments/${hash}`, "look up the invoice");
      if (reply.status !== 200) throw statusError(reply, "look up the invoice");
      const status = asInvoiceStatus(hash, reply.body);
      if (!status)
        throw new LightningError("node_error", "LNbits answered the lookup without a payment status.");
      return status;
    },

    subscribeSettlements(args) {
      return followLnbitsSettlements(
        http,
        {
          websocket: opts.websocket ?? true,
          pollMs: opts.pollMs ?? 500,
          safetyPollMs: opts.safetyPollMs ?? 15_000,
          reconnectMinMs: opts.reconnectMinMs ?? 250,
          reconnectMaxMs: opts.reconnectMaxMs ?? 10_000,
          marginMs: opts.marginMs ?? 10 * 60_000,
          lookbackMs: opts.lookbackMs ?? 7 * 24 * 3600_000,
        },
        args,
      );
    },

    async health(): Promise<NodeHealth> {
      const started = performance.now();
      try {
        const w = await wallet();
        return {
          ok: true,
          ...(w.name ? { alias: w.name } : {}),
          latencyMs: Math.round(performance.now() - started),
        };
      } catch (err) {
        return unhealthy(err, Math.round(performance.now() - started));
      }
    },

    async balance(): Promise<WalletBalance> {
      const w = await wallet();
      return { sats: Number(w.balanceMsats / 1000n), msats: w.balanceMsats };
    },

    async pay({ bolt11, maxFeeSats }): Promise<PaymentResult> {
      const { request, paymentHash } = readPayableInvoice(bolt11, maxFeeSats);
      // Never retried: a payment must not be sent twice. LNbits's API takes no fee limit (the
      // instance reserves its own), so maxFeeSats is checked as input and the fee reported after.
      const reply = await payHttp.call("POST", "/api/v1/payments", "pay the invoice", {
        out: true,
        bolt11: request,
      });
      if (reply.status !== 201 && reply.status !== 200) {
        const detail = lnbitsDetail(reply.body);
        if (reply.status === 401 || reply.status === 403)
          throw statusError(reply, "pay (it needs the admin key)", "permission_denied");
        if (/insufficient|not enough/i.test(detail)) {
          throw new LightningError(
            "insufficient_balance",
            `The LNbits wallet cannot cover this payment: ${detail}`,
          );
        }
        if (/already paid|already exists/i.test(detail))
          throw new LightningError("already_paid", "This invoice is already paid.");
        throw new LightningError(
          "payment_failed",
          `LNbits could not pay the invoice${detail ? `: ${detail}` : "."}`,
        );
      }
      const look = await http.call("GET", `/api/v1/payments/${paymentHash}`, "read the payment");
      const b = (look.body ?? {}) as {
        paid?: unknown;
        preimage?: unknown;
        details?: { fee?: unknown; preimage?: unknown };
      };
      const preimage = checkedPreimage(b.preimage ?? b.details?.preimage, paymentHash);
      if (look.status !== 200 || b.paid !== true || !preimage) {
        throw new LightningError(
          "payment_failed",
          "LNbits did not report a preimage that matches the invoice.",
        );
      }
      const feeMsats = Math.abs(Number(b.details?.fee ?? 0)) || 0;
      return {
        preimage,
        paymentHash: hashOfPreimage(preimage),
        feeSats: Math.ceil(feeMsats / 1000),
      };
    },
  };
}
