/// <reference path="./ln-service.d.ts" />
import type { EventEmitter } from "node:events";
import { type AuthenticatedLnd, type GetInvoicesResult, getInvoices, subscribeToInvoices } from "ln-service";
import type { LightningError, NodeCredentials, Settlement, SettlementSubscription } from "./backend";
import { lndFor, withTimeout } from "./lnd-client";
import { toLightningError } from "./lnd-errors";
import { reconnectDelayMs } from "./reconnect-delay";

export interface SettlementStreamOptions {
  /**
   * The credentials to dial (pinned by the backend's dial policy). The client is taken from them
   * synchronously right before the first call, so a client closed meanwhile is never used.
   */
  credentials: () => Promise<NodeCredentials>;
  /** Replaces a client whose channel could not reach the node. */
  evict: (stale: AuthenticatedLnd) => void;
  timeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** How far back (by invoice creation) the list-based reconciliation pages. */
  reconcileLookbackSeconds: number;
}

// ln-service returns confirmed_index (the settle index) though its type definitions omit it.
type Invoice = GetInvoicesResult["invoices"][number] & { confirmed_index?: number };

const asSettlement = (i: {
  id: string;
  confirmed_index?: number;
  confirmed_at?: string;
  received_mtokens: string;
}): Settlement => ({
  paymentHash: i.id,
  receivedMsats: BigInt(i.received_mtokens || "0"),
  settleIndex: BigInt(i.confirmed_index ?? 0),
  settledAt: i.confirmed_at ? new Date(i.confirmed_at) : new Date(),
});

/**
 * Every settlement after a settle index, in order, once each — across disconnects and node
 * restarts. On each (re)connect: first reconcile with ListInvoices (delivering the contiguous run
 * after the last delivered index), then open SubscribeInvoices with settle_index = that index, so
 * LND replays whatever settled in between and then streams live. Deliveries are serialized and
 * deduplicated by settle index. If the handler throws, the index does not advance: the stream
 * reconnects and the settlement is offered again.
 */
export function followSettlements(
  opts: SettlementStreamOptions,
  args: {
    afterSettleIndex: bigint;
    onSettlement: (s: Settlement) => void | Promise<void>;
    onError?: (err: LightningError) => void;
  },
): SettlementSubscription {
  let last = args.afterSettleIndex;
  let closed = false;
  let generation = 0;
  let failures = 0;
  let subscription: EventEmitter | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let queue: Promise<void> = Promise.resolve();

  const report = (err: unknown) => {
    if (!closed) args.onError?.(toLightningError(err, "follow invoice settlements"));
  };

  const teardown = () => {
    generation++;
    const sub = subscription;
    subscription = undefined;
    sub?.removeAllListeners();
  };

  let client: AuthenticatedLnd | undefined;

  const retry = (err: unknown) => {
    if (closed) return;
    teardown();
    const mapped = toLightningError(err, "follow invoice settlements");
    if (mapped.code === "unreachable" && client) opts.evict(client);
    report(mapped);
    const delay = reconnectDelayMs(failures, opts.reconnectMinMs, opts.reconnectMaxMs);
    failures++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(), delay);
  };

  /** Queues one delivery; resolves once handled (or skipped as already delivered). */
  const deliver = (s: Settlement, gen: number): Promise<void> => {
    queue = queue.then(async () => {
      if (closed || gen !== generation || s.settleIndex <= last) return;
      try {
        await args.onSettlement(s);
        last = s.settleIndex;
      } catch (err) {
        retry(err);
      }
    });
    return queue;
  };

  const reconcile = async (lnd: AuthenticatedLnd, gen: number) => {
    const horizon = Date.now() - opts.reconcileLookbackSeconds * 1000;
    const found: Invoice[] = [];
    let token: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await withTimeout(
        getInvoices(token ? { lnd, token } : { lnd, limit: 100 }),
        opts.timeoutMs,
        "list invoices",
      );
      found.push(
        ...(res.invoices as Invoice[]).filter((i) => i.is_confirmed && BigInt(i.confirmed_index ?? 0) > last),
      );
      const oldest = Math.min(...res.invoices.map((i) => Date.parse(i.created_at)));
      if (!res.next || oldest < horizon) break;
      token = res.next;
    }
    await queue;
    found.sort((a, b) => (a.confirmed_index ?? 0) - (b.confirmed_index ?? 0));
    // Only a gap-free run: anything after a gap comes from the stream's replay, in order.
    let expected = last + 1n;
    for (const invoice of found) {
      if (BigInt(invoice.confirmed_index ?? 0) !== expected) break;
      await deliver(asSettlement(invoice), gen);
      if (last !== expected) return; // handler failed, retry already scheduled
      expected++;
    }
  };

  const connect = async () => {
    if (closed) return;
    teardown();
    const gen = generation;
    try {
      const credentials = await opts.credentials();
      if (closed || gen !== generation) return;
      const lnd = lndFor(credentials);
      client = lnd;
      await reconcile(lnd, gen);
      if (closed || gen !== generation) return;
      const sub = subscribeToInvoices({
        lnd,
        ...(last > 0n ? { confirmed_after: Number(last) } : {}),
      });
      subscription = sub;
      sub.on("invoice_updated", (invoice: Invoice) => {
        if (invoice.is_confirmed && invoice.confirmed_index) void deliver(asSettlement(invoice), gen);
      });
      sub.on("error", (err: unknown) => {
        if (gen === generation) retry(err);
      });
      failures = 0;
    } catch (err) {
      if (gen === generation) retry(err);
    }
  };

  void connect();

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      teardown();
    },
  };
}
