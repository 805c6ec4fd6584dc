/**
 * Paid-call counting while Postgres is unreachable. It starts from the last counts Postgres
 * returned for each token limit, counts calls here, and journals the deltas; replay() writes the
 * journal back in one statement. Until the journal is empty every call stays on this count, so
 * nothing is counted twice.
 */
import type { Limit } from "@tollbooth/l402-core";
import type { Queryable } from "../store/queryable";
import { REPLAY_JOURNAL } from "../store/token-consumption";

export interface Counted {
  used: number;
  limit: number | null;
  msatsUsed: bigint;
  msatsLimit: bigint | null;
}

interface Delta {
  tokenId: string;
  fingerprint: string;
  calls: number;
  msats: bigint;
}

export class LedgerUnavailableError extends Error {
  constructor() {
    super("Postgres is unreachable and this token was never counted here.");
    this.name = "LedgerUnavailableError";
  }
}

export class OfflineCount {
  /** Last counts Postgres returned (or the local count while offline), per token:fingerprint. */
  private readonly counted = new Map<string, Counted>();
  private readonly journal = new Map<string, Delta>();

  constructor(private readonly maxKnown = 200_000) {}

  get pending(): number {
    return this.journal.size;
  }

  remember(tokenId: string, fingerprint: string, counted: Counted): void {
    if (this.counted.size > this.maxKnown) this.counted.clear();
    this.counted.set(`${tokenId}:${fingerprint}`, counted);
  }

  /** One call on the local count; throws LedgerUnavailableError for a token never counted here. */
  consume(tokenId: string, limits: readonly Limit[], msats: bigint): boolean {
    const entries = limits.map((l) => this.counted.get(`${tokenId}:${l.fingerprint}`));
    if (entries.some((e) => e === undefined)) throw new LedgerUnavailableError();
    const ok = entries.every(
      (e) =>
        (e!.limit === null || e!.used < e!.limit) &&
        (e!.msatsLimit === null || e!.msatsUsed + msats <= e!.msatsLimit),
    );
    if (!ok) return false;
    for (const [i, e] of entries.entries()) {
      e!.used += 1;
      e!.msatsUsed += msats;
      this.addDelta(tokenId, limits[i]!.fingerprint, 1, msats);
    }
    return true;
  }

  giveBack(tokenId: string, fingerprints: readonly string[], msats: bigint, calls: number): void {
    const total = msats * BigInt(calls);
    for (const fingerprint of fingerprints) {
      const e = this.counted.get(`${tokenId}:${fingerprint}`);
      if (e) {
        e.used = Math.max(0, e.used - calls);
        e.msatsUsed = e.msatsUsed > total ? e.msatsUsed - total : 0n;
      }
      this.addDelta(tokenId, fingerprint, -calls, -total);
    }
  }

  private addDelta(tokenId: string, fingerprint: string, calls: number, msats: bigint): void {
    const key = `${tokenId}:${fingerprint}`;
    const delta = this.journal.get(key) ?? { tokenId, fingerprint, calls: 0, msats: 0n };
    delta.calls += calls;
    delta.msats += msats;
    this.journal.set(key, delta);
  }

  /** Writes the journal back in one statement; true when nothing is left to write. Throws if Postgres is away. */
  async replay(db: Queryable): Promise<boolean> {
    // Copies: deltas keep growing while the statement runs, and only what was sent is subtracted.
    const batch = [...this.journal.values()].map((d) => ({ ...d }));
    if (batch.length > 0) {
      await db.query(REPLAY_JOURNAL, [
        batch.map((d) => d.tokenId),
        batch.map((d) => d.fingerprint),
        batch.map((d) => d.calls),
        batch.map((d) => d.msats.toString()),
      ]);
    }
    for (const d of batch) {
      const key = `${d.tokenId}:${d.fingerprint}`;
      const current = this.journal.get(key);
      if (!current) continue;
      current.calls -= d.calls;
      current.msats -= d.msats;
      if (current.calls === 0 && current.msats === 0n) this.journal.delete(key);
    }
    return this.journal.size === 0;
  }
}
