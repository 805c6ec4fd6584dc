import type { Settlement } from "./backend";

/**
 * The delivery side of a wallet kind whose settle index is a settle time (LNbits, NWC): every
 * source (websocket or notification, reconciliation, polling) offers settlements here; they reach
 * the handler one at a time, once per payment hash per subscription, and `last` moves to the
 * greatest delivered index. A handler that throws leaves the payment undelivered, so the next
 * reconciliation offers it again — safe because the gateway's markSettled is idempotent. The
 * remembered hashes are bounded: past `remembered` they are forgotten, and a re-offer is harmless.
 * (LND's stream is different: its settle index is gap-free, so it delivers by index; settlement-stream.ts.)
 */
export class SettlementDelivery {
  private queue: Promise<void> = Promise.resolve();
  private readonly delivered = new Set<string>();
  private closed = false;

  constructor(
    /** The greatest settle index delivered so far (starts at the subscription's afterSettleIndex). */
    public last: bigint,
    private readonly o: {
      onSettlement: (s: Settlement) => void | Promise<void>;
      remembered: number;
      onDelivered?: (s: Settlement) => void;
      onFailed?: (err: unknown) => void;
    },
  ) {}

  /** Already delivered in this subscription. */
  has(paymentHash: string): boolean {
    return this.delivered.has(paymentHash);
  }

  /** Queues one delivery; resolves once handled (or skipped as already delivered). */
  offer(s: Settlement): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.closed || this.delivered.has(s.paymentHash)) return;
      try {
        await this.o.onSettlement(s);
      } catch (err) {
        this.o.onFailed?.(err);
        return;
      }
      if (this.delivered.size >= this.o.remembered) this.delivered.clear();
      this.delivered.add(s.paymentHash);
      if (s.settleIndex > this.last) this.last = s.settleIndex;
      this.o.onDelivered?.(s);
    });
    return this.queue;
  }

  /** Resolves once everything offered so far is handled. */
  drained(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.closed = true;
  }
}
