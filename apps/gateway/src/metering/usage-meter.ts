/**
 * Metering off the hot path: a request appends one event to memory; a timer writes batches to
 * Postgres. While Postgres is away the events wait here (retried with backoff) and are written
 * once it is back. Each event carries a uuid assigned here and the sink inserts with
 * ON CONFLICT DO NOTHING, so a batch retried after an ambiguous failure is stored exactly once.
 */
import { newEventId } from "./event-id";

export interface UsageEvent {
  id: string;
  tenantId: string;
  apiId: string;
  method: string;
  route: string;
  tokenId: string | null;
  status: number;
  latencyMs: number;
  sats: number;
  msats: bigint;
  free: boolean;
  /** False when the gateway answered itself (a challenge, a refusal): nothing reached the upstream. */
  forwarded: boolean;
  occurredAt: Date;
}

export type UsageSink = (events: readonly UsageEvent[]) => Promise<void>;

export interface UsageMeterOptions {
  sink: UsageSink;
  flushIntervalMs?: number;
  batchSize?: number;
  /** Beyond this many waiting events the oldest are dropped (and counted) rather than exhausting memory. */
  maxBuffered?: number;
  onFlushError?: (err: unknown, buffered: number) => void;
}

export class UsageMeter {
  private buffer: UsageEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private backoffMs = 0;
  private nextAttemptAt = 0;
  dropped = 0;
  written = 0;

  private readonly sink: UsageSink;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly onFlushError: (err: unknown, buffered: number) => void;

  constructor(options: UsageMeterOptions) {
    this.sink = options.sink;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.batchSize = options.batchSize ?? 1000;
    this.maxBuffered = options.maxBuffered ?? 1_000_000;
    this.onFlushError = options.onFlushError ?? (() => {});
  }

  /** A UUIDv7: time-ordered, so Postgres appends it to the primary key (see event-id.ts). */
  static newEventId(): string {
    return newEventId();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  record(event: UsageEvent): void {
    this.buffer.push(event);
    if (this.buffer.length > this.maxBuffered) {
      this.buffer.shift();
      this.dropped++;
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.pump(), this.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * One timer tick: writes a batch, and goes on writing batches back to back while a whole batch
   * is waiting. One batch per tick capped metering at batchSize / interval (5,000 events/s by
   * default): above that the buffer grew without bound under load, and every waiting event
   * outlived the young generation, so the garbage collector copied and promoted them all.
   */
  private pump(): void {
    if (this.inFlight || Date.now() < this.nextAttemptAt) return;
    void this.flushOnce().then(() => {
      if (this.timer && this.backoffMs === 0 && this.buffer.length >= this.batchSize) this.pump();
    });
  }

  /** Writes one batch (or joins the write already running). Never throws. */
  flushOnce(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.buffer.length === 0) return Promise.resolve();
    const batch = this.buffer.slice(0, this.batchSize);
    this.inFlight = this.sink(batch)
      .then(() => {
        // Only now drop them: a failed write leaves the batch at the head for the next attempt.
        this.buffer.splice(0, batch.length);
        this.written += batch.length;
        this.backoffMs = 0;
        this.nextAttemptAt = 0;
      })
      .catch((err: unknown) => {
        this.backoffMs = Math.min(this.backoffMs === 0 ? 250 : this.backoffMs * 2, 5_000);
        this.nextAttemptAt = Date.now() + this.backoffMs;
        this.onFlushError(err, this.buffer.length);
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Flushes until empty, or until `deadline` (epoch ms) passes with Postgres still away. */
  async drain(deadline = Number.POSITIVE_INFINITY): Promise<boolean> {
    while (this.buffer.length > 0 && Date.now() < deadline) {
      const before = this.written;
      await this.flushOnce();
      if (this.written === before && this.buffer.length > 0) {
        await new Promise((r) =>
          setTimeout(r, Math.min(this.backoffMs || 100, Math.max(0, deadline - Date.now()))),
        );
      }
    }
    return this.buffer.length === 0;
  }

  async stop(deadline?: number): Promise<boolean> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.drain(deadline);
  }
}
