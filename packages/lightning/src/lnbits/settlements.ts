/**
 * Every settlement of an LNbits wallet after a settle index, once each per subscription, across
 * disconnects. LNbits has no settle index and its websocket replays nothing, so:
 *   - the settle index is the settle time in ms (monotonic enough to persist; advanced by max);
 *   - on every (re)connect, and every poll while the websocket is down or off, the wallet's
 *     payment list is read back to `margin` before the last delivered settlement, and whatever
 *     settled there is offered again. Offering twice is safe only because the gateway's
 *     markSettled is idempotent (a second offer changes nothing and counts nothing); within one
 *     subscription a payment hash is delivered once.
 * If the handler throws, the payment is not remembered: the next poll offers it again.
 */
import type { WebSocket } from "undici";
import type { LightningError, Settlement, SettlementSubscription } from "../backend";
import { reconnectDelayMs } from "../reconnect-delay";
import { SettlementDelivery } from "../settlement-delivery";
import { type LnbitsHttp, statusError } from "./http";
import { asSettlement, type LnbitsPayment, lnbitsTime, settledAtMs } from "./payment";

export interface LnbitsFollowOptions {
  /** Listen on the wallet websocket; false: poll only. */
  websocket: boolean;
  /** Poll interval while the websocket is down or off. */
  pollMs: number;
  /** Poll interval while the websocket is up (it can drop a message without closing). */
  safetyPollMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** How far before the last delivered settlement a reconciliation looks again. */
  marginMs: number;
  /** How far back a first reconciliation looks at most. */
  lookbackMs: number;
}

const PAGE = 100;
const MAX_PAGES = 200;
const REMEMBERED = 20_000;

export function followLnbitsSettlements(
  http: LnbitsHttp,
  opts: LnbitsFollowOptions,
  args: {
    afterSettleIndex: bigint;
    onSettlement: (s: Settlement) => void | Promise<void>;
    onError?: (err: LightningError) => void;
  },
): SettlementSubscription {
  let closed = false;
  let socket: WebSocket | undefined;
  let socketUp = false;
  let failures = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let reconciling: Promise<void> | null = null;
  let lastReconcile = 0;
  let listFailing = false;

  const report = (err: unknown) => {
    if (!closed && err && typeof err === "object" && "code" in err) args.onError?.(err as LightningError);
  };

  const delivery = new SettlementDelivery(args.afterSettleIndex, {
    onSettlement: args.onSettlement,
    remembered: REMEMBERED,
  });

  const reconcileOnce = async () => {
    const since = Math.max(Number(delivery.last) - opts.marginMs, Date.now() - opts.lookbackMs);
    const found: Settlement[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const reply = await http.call(
        "GET",
        `/api/v1/payments?limit=${PAGE}&offset=${page * PAGE}&sortby=time&direction=desc`,
        "list payments",
      );
      if (reply.status !== 200) throw statusError(reply, "list payments");
      if (!Array.isArray(reply.body)) break;
      const payments = reply.body as LnbitsPayment[];
      let older = false;
      for (const p of payments) {
        const s = asSettlement(p);
        if (s && Number(s.settleIndex) >= since && !delivery.has(s.paymentHash)) found.push(s);
        // Listed by creation, newest first: once created before the window, later pages are older.
        if (settledAtMs(p) < since && createdMs(p) < since) older = true;
      }
      if (payments.length < PAGE || older) break;
    }
    found.sort((a, b) => (a.settleIndex < b.settleIndex ? -1 : a.settleIndex > b.settleIndex ? 1 : 0));
    for (const s of found) await delivery.offer(s);
  };

  const reconcile = (): Promise<void> => {
    reconciling ??= reconcileOnce()
      .then(() => {
        lastReconcile = Date.now();
        listFailing = false;
      })
      .catch((err) => {
        // Once per outage: polling every pollMs must not become a log line every pollMs.
        if (!listFailing) report(err);
        listFailing = true;
      })
      .finally(() => {
        reconciling = null;
      });
    return reconciling;
  };

  const schedulePoll = () => {
    if (closed) return;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(
      async () => {
        if (closed) return;
        const every = socketUp ? opts.safetyPollMs : opts.pollMs;
        if (Date.now() - lastReconcile >= every) await reconcile();
        schedulePoll();
      },
      Math.min(opts.pollMs, opts.safetyPollMs),
    );
  };

  const reconnectLater = () => {
    if (closed || !opts.websocket) return;
    clearTimeout(reconnectTimer);
    const delay = reconnectDelayMs(failures, opts.reconnectMinMs, opts.reconnectMaxMs);
    failures++;
    reconnectTimer = setTimeout(() => void connect(), delay);
  };

  const connect = async () => {
    if (closed) return;
    let ws: WebSocket;
    try {
      ws = await http.websocket();
    } catch (err) {
      report(err);
      reconnectLater();
      return;
    }
    if (closed) {
      ws.close();
      return;
    }
    socket = ws;
    ws.addEventListener("open", () => {
      if (socket !== ws) return;
      socketUp = true;
      failures = 0;
      // Whatever settled while the socket was down is in the list, not in the socket.
      void reconcile();
    });
    ws.addEventListener("message", (event) => {
      if (socket !== ws) return;
      let data: { payment?: LnbitsPayment } | null = null;
      try {
        data = JSON.parse(
          typeof event.data === "string"
            ? event.data
            : Buffer.from(event.data as ArrayBuffer).toString("utf8"),
        );
      } catch {
        return;
      }
      const s = data?.payment ? asSettlement(data.payment) : null;
      if (s) void delivery.offer(s);
    });
    ws.addEventListener("close", () => {
      if (socket !== ws) return;
      socket = undefined;
      socketUp = false;
      http.afterUnreachable();
      report({ code: "unreachable", message: "The LNbits websocket closed.", name: "LightningError" });
      reconnectLater();
    });
    ws.addEventListener("error", () => {
      // "close" follows and reconnects.
    });
  };

  void reconcile();
  schedulePoll();
  if (opts.websocket) void connect();

  return {
    close() {
      closed = true;
      delivery.close();
      clearTimeout(reconnectTimer);
      clearTimeout(pollTimer);
      const ws = socket;
      socket = undefined;
      try {
        ws?.close();
      } catch {
        // already closing
      }
    },
  };
}

function createdMs(p: LnbitsPayment): number {
  return lnbitsTime(p.time) ?? lnbitsTime(p.created_at) ?? 0;
}
