/**
 * Every settlement of an NWC wallet's incoming invoices after a settle index (settled_at in ms),
 * once per subscription. Three sources, all funnelled through one serialized, deduplicated queue:
 *   - payment_received notifications, when the wallet advertises them;
 *   - reconciliation on every relay (re)connect, reading back a margin before the last index, so
 *     nothing settled while the relay was away is missed;
 *   - polling every pollIntervalMs when the wallet sends no notifications (and a reconciliation
 *     once a minute when it does, for a notification a relay dropped).
 * Reconciliation and polling use list_transactions when the wallet offers it (it sees invoices
 * another gateway instance created), else lookup_invoice of the open invoices this process made.
 */
import type { LightningError, Settlement, SettlementSubscription } from "../backend";
import { LightningError as LightningErrorClass } from "../backend";
import { SettlementDelivery } from "../settlement-delivery";
import type { NwcSession } from "./nwc-session";
import { type NwcTransaction, toSettlement } from "./transactions";

export interface NwcSettlementOptions {
  pollIntervalMs: number;
  /** How far before the last settle index reconciliation reads again. */
  reconcileMarginMs: number;
}

/** Open invoices this process created, by payment hash → expiry (ms); polled without list_transactions. */
export type OpenInvoices = Map<string, number>;

const PAGE = 100;
const MAX_SEEN = 50_000;
const SAFETY_RECONCILE_MS = 60_000;

export function followNwcSettlements(
  session: NwcSession,
  open: OpenInvoices,
  opts: NwcSettlementOptions,
  args: {
    afterSettleIndex: bigint;
    onSettlement: (s: Settlement) => void | Promise<void>;
    onError?: (err: LightningError) => void;
  },
): SettlementSubscription {
  let closed = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let needsReconcile = true;
  let reconciling = false;
  let lastWideAt = 0;

  const report = (err: unknown) => {
    if (closed) return;
    args.onError?.(
      err instanceof LightningErrorClass ? err : new LightningErrorClass("node_error", String(err), err),
    );
  };

  // A failing handler leaves the payment undelivered: the next reconciliation reads wide again.
  const delivery = new SettlementDelivery(args.afterSettleIndex, {
    onSettlement: args.onSettlement,
    remembered: MAX_SEEN,
    onDelivered: (s) => open.delete(s.paymentHash),
    onFailed: (err) => {
      needsReconcile = true;
      report(err);
    },
  });

  const offer = (tx: NwcTransaction) => {
    const s = toSettlement(tx);
    if (s && (tx.type === undefined || tx.type === "incoming")) void delivery.offer(s);
  };

  const listSettled = async (fromMs: bigint): Promise<NwcTransaction[]> => {
    const found: NwcTransaction[] = [];
    const from = Number(fromMs / 1000n);
    for (let offset = 0; offset < 100 * PAGE; offset += PAGE) {
      const page = await session.request<{ transactions?: NwcTransaction[] }>("list_transactions", {
        from: Math.max(0, from),
        type: "incoming",
        limit: PAGE,
        offset,
      });
      const txs = Array.isArray(page.transactions) ? page.transactions : [];
      found.push(...txs);
      if (txs.length < PAGE) break;
    }
    return found;
  };

  const lookupOpen = async (): Promise<NwcTransaction[]> => {
    const now = Date.now();
    const found: NwcTransaction[] = [];
    for (const [hash, expiresAt] of open) {
      if (expiresAt < now - 60_000) {
        open.delete(hash);
        continue;
      }
      found.push(await session.request<NwcTransaction>("lookup_invoice", { payment_hash: hash }));
    }
    return found;
  };

  /** One pass: margin back after a (re)connect or a failed delivery, else just after the last index. */
  const reconcile = async () => {
    if (closed || reconciling) return;
    reconciling = true;
    const wide = needsReconcile;
    needsReconcile = false;
    if (wide) lastWideAt = Date.now();
    try {
      const info = await session.walletInfo();
      const margin = wide ? BigInt(opts.reconcileMarginMs) : 2000n;
      const txs = info.methods.includes("list_transactions")
        ? await listSettled(delivery.last > margin ? delivery.last - margin : 0n)
        : await lookupOpen();
      txs.sort((a, b) => (a.settled_at ?? 0) - (b.settled_at ?? 0));
      for (const tx of txs) offer(tx);
      await delivery.drained();
    } catch (err) {
      needsReconcile = true;
      report(err);
    } finally {
      reconciling = false;
    }
  };

  const schedule = (ms: number) => {
    if (closed) return;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(() => void tick(), ms);
  };

  let notified = false;
  const tick = async () => {
    const info = await session.walletInfo().catch((err) => {
      report(err);
      return null;
    });
    // With notifications, a reconciliation runs when one is pending and once a minute anyway (a
    // relay may drop an ephemeral notification without dropping the connection); without them
    // every tick polls.
    notified = info?.notifications.includes("payment_received") ?? false;
    if (notified && Date.now() - lastWideAt > SAFETY_RECONCILE_MS) needsReconcile = true;
    if (info && (!notified || needsReconcile)) await reconcile();
    schedule(notified && !needsReconcile ? opts.pollIntervalMs * 10 : opts.pollIntervalMs);
  };

  const stopNotifications = session.onNotification((n) => {
    if (n.type === "payment_received") offer(n.notification as NwcTransaction);
  });
  const stopReconnect = session.onReconnect(() => {
    needsReconcile = true;
    void reconcile();
  });
  session.connect().catch((err) => report(err));
  void tick();

  return {
    close() {
      closed = true;
      delivery.close();
      clearTimeout(pollTimer);
      stopNotifications();
      stopReconnect();
    },
  };
}
