/// <reference path="./ln-service.d.ts" />
import {
  type AuthenticatedLnd,
  type GetInvoiceResult,
  getChannelBalance,
  getInvoice,
  getInvoices,
  getWalletInfo,
} from "ln-service";
import { addInvoice } from "./add-invoice";
import {
  type CreatedInvoice,
  type InvoiceState,
  type InvoiceStatus,
  type LightningBackend,
  LightningError,
  type NodeCredentials,
  type NodeDial,
  type NodeHealth,
  type PaymentResult,
  unhealthy,
  type WalletBalance,
} from "./backend";
import { checkInvoiceRequest, readPaymentHash } from "./invoice-request";
import { evictLnd, lndFor, pinCredentials, withTimeout } from "./lnd-client";
import { toLightningError } from "./lnd-errors";
import { payRequest } from "./pay-request";
import { checkedPreimage, hashOfPreimage, readPayableInvoice } from "./payable-invoice";
import { followSettlements } from "./settlement-stream";

export interface LndBackendOptions {
  /** Per-call timeout for unary calls. Default 10 s. */
  timeoutMs?: number;
  /** Timeout for a payment to resolve. Default 60 s. */
  payTimeoutMs?: number;
  /** Settlement stream reconnect backoff. Defaults 250 ms → 10 s. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How far back the reconnect reconciliation lists invoices. Default 7 days. */
  reconcileLookbackSeconds?: number;
  /**
   * Resolve and check the node's address once per connection and dial that IP (see NodeDial).
   * Without it gRPC resolves the socket's host itself (the CLI's builder wallet, tests).
   */
  dial?: NodeDial;
}

/**
 * The LightningBackend on ln-service: LND in production, the simnet everywhere else (it speaks the
 * same gRPC API). All calls share one cached gRPC client per connection and are bounded by timeouts.
 */
export function createLndBackend(creds: NodeCredentials, opts: LndBackendOptions = {}): LightningBackend {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const payTimeoutMs = opts.payTimeoutMs ?? 60_000;
  // The checked, pinned credentials; dropped when the node was unreachable, so the next
  // connection resolves and checks the name again (DNS may legitimately move).
  let pinned: Promise<NodeCredentials> | null = null;
  const dialCreds = (): Promise<NodeCredentials> => {
    if (!pinned) {
      const current = pinCredentials(creds, opts.dial);
      pinned = current;
      // A refusal is not remembered: the next call asks the policy again.
      current.catch(() => {
        if (pinned === current) pinned = null;
      });
    }
    return pinned;
  };
  const evict = async (stale: AuthenticatedLnd) => {
    const current = pinned;
    if (current) evictLnd(await current, stale);
    else evictLnd(creds, stale);
    if (opts.dial && pinned === current) pinned = null;
  };

  /**
   * Runs one ln-service call with a timeout. When the node was unreachable the cached channel is
   * replaced, and calls that cannot double-spend are tried once more on the fresh channel.
   */
  async function call<T>(
    action: string,
    work: (lnd: AuthenticatedLnd) => Promise<T>,
    { ms = timeoutMs, retry = true }: { ms?: number; retry?: boolean } = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const dialled = await dialCreds();
      // Taken right before the call, in the same turn: never a client closed while we waited.
      const client = lndFor(dialled);
      try {
        return await withTimeout(work(client), ms, action);
      } catch (err) {
        const mapped = toLightningError(err, action);
        if (mapped.code !== "unreachable") throw mapped;
        await evict(client);
        if (!retry || attempt > 0) throw mapped;
      }
    }
  }

  return {
    async createInvoice({ amountSats, memo, expirySeconds }): Promise<CreatedInvoice> {
      checkInvoiceRequest({ amountSats, memo, expirySeconds });
      const added = await call("create an invoice", (lnd) =>
        addInvoice(lnd, { amountSats, memo, expirySeconds }),
      );
      if (added.amountMsats !== BigInt(amountSats) * 1000n) {
        throw new LightningError(
          "node_error",
          `The node made an invoice for ${added.amountMsats} msat instead of ${amountSats * 1000}.`,
        );
      }
      return {
        bolt11: added.bolt11,
        paymentHash: added.paymentHash,
        amountSats,
        expiresAt: new Date(added.createdAt.getTime() + expirySeconds * 1000),
      };
    },

    async lookupInvoice(paymentHash): Promise<InvoiceStatus> {
      const hash = readPaymentHash(paymentHash);
      const invoice = (await call("look up the invoice", (lnd) =>
        getInvoice({ lnd, id: hash }),
      )) as GetInvoiceResult & { confirmed_index?: number };
      const expired = Date.parse(invoice.expires_at) <= Date.now();
      // The Try it hand-off gives the preimage to a payer as proof: a mismatched one is dropped.
      const preimage = invoice.is_confirmed ? checkedPreimage(invoice.secret, hash) : undefined;
      // LND cancels an open invoice when it expires; report that as "expired", not "canceled".
      const state: InvoiceState = invoice.is_confirmed
        ? "settled"
        : invoice.is_canceled
          ? expired
            ? "expired"
            : "canceled"
          : expired && !invoice.is_held
            ? "expired"
            : "pending";
      return {
        paymentHash: invoice.id,
        state,
        amountSats: invoice.tokens,
        receivedMsats: BigInt(invoice.received_mtokens || "0"),
        ...(invoice.is_confirmed && invoice.confirmed_index
          ? { settleIndex: BigInt(invoice.confirmed_index) }
          : {}),
        ...(invoice.is_confirmed && invoice.confirmed_at
          ? { settledAt: new Date(invoice.confirmed_at) }
          : {}),
        ...(preimage ? { preimage } : {}),
      };
    },

    subscribeSettlements(args) {
      return followSettlements(
        {
          credentials: dialCreds,
          evict: (stale) => void evict(stale),
          timeoutMs,
          reconnectMinMs: opts.reconnectMinMs ?? 250,
          reconnectMaxMs: opts.reconnectMaxMs ?? 10_000,
          reconcileLookbackSeconds: opts.reconcileLookbackSeconds ?? 7 * 24 * 3600,
        },
        args,
      );
    },

    async health(): Promise<NodeHealth> {
      const started = performance.now();
      try {
        // invoices:read is what a provider's invoice macaroon is sure to have.
        await call("read invoices", (lnd) => getInvoices({ lnd, limit: 1 }));
      } catch (err) {
        return unhealthy(err, Math.round(performance.now() - started));
      }
      const latencyMs = Math.round(performance.now() - started);
      try {
        const info = await call("read node info", (lnd) => getWalletInfo({ lnd }));
        return { ok: true, pubkey: info.public_key, alias: info.alias, latencyMs };
      } catch {
        return { ok: true, latencyMs }; // no info:read (an invoice macaroon): identity unknown, still healthy
      }
    },

    async balance(): Promise<WalletBalance> {
      const res = await call("read the channel balance", (lnd) => getChannelBalance({ lnd }));
      const msats = BigInt(res.channel_balance_mtokens ?? String(res.channel_balance * 1000));
      return { sats: res.channel_balance, msats };
    },

    async pay({ bolt11, maxFeeSats }): Promise<PaymentResult> {
      const { request, paymentHash } = readPayableInvoice(bolt11, maxFeeSats);
      const paid = await call(
        "pay the invoice",
        (lnd) => payRequest({ lnd, request, maxFeeSats }),
        // never retried: a payment must not be sent twice
        { ms: payTimeoutMs, retry: false },
      );
      const preimage = paid.secret.toLowerCase();
      if (hashOfPreimage(preimage) !== paymentHash) {
        throw new LightningError(
          "payment_failed",
          "The node reported a preimage that does not match the invoice.",
        );
      }
      return { preimage, paymentHash, feeSats: paid.fee };
    },
  };
}
