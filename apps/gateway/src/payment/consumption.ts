/**
 * Exact paid-call accounting in Postgres. A token's spend counts against its own limit and every
 * ancestor's (an attenuated token shares its parent's limit rows), all or nothing, in ONE
 * statement: the rows are locked (FOR UPDATE re-reads the latest committed values after waiting),
 * checked together, and only then incremented. So 100 concurrent requests on a one-call token —
 * on one gateway or several — produce exactly one success, and siblings never overspend a parent.
 *
 * While Postgres is unreachable, tokens this instance has already counted keep working from the
 * last values Postgres returned, counted here and journalled; the journal is written back as
 * soon as Postgres answers, and until then every call stays on the local count so nothing is
 * counted twice. (Several instances each do this during an outage: see the README.)
 *
 * Its parts: the statements (store/token-consumption.ts), the calls leased ahead
 * (lease-book.ts) and the switch to the local count (offline-switch.ts).
 */
import type { Limit } from "@tollbooth/l402-core";
import { isConnectionError, type Queryable } from "../store/queryable";
import {
  CONSUME_LEASE,
  type ConsumedRow,
  ENSURE_LIMIT_ROWS,
  GIVE_BACK_CALLS,
} from "../store/token-consumption";
import { chainOf, type Lease, LeaseBook, type LeaseOptions, leaseKeyFor, roomOf } from "./lease-book";
import { OfflineSwitch } from "./offline-switch";

export class ConsumptionLedger {
  /** Limit rows known to exist, so a warm token costs one statement per call. */
  private readonly known = new Set<string>();
  private readonly book = new LeaseBook();
  private readonly switch: OfflineSwitch;

  constructor(
    private readonly db: Queryable,
    private readonly lease: LeaseOptions = { max: 256, minRoom: 256 },
    private readonly maxKnown = 200_000,
  ) {
    this.switch = new OfflineSwitch(maxKnown);
  }

  /** Calls leased from Postgres and not yet served, on this instance. */
  get leasedCalls(): number {
    return this.book.leasedCalls;
  }

  get isOffline(): boolean {
    return this.switch.isOffline;
  }

  get pendingJournal(): number {
    return this.switch.local.pending;
  }

  private async ensureRows(tokenId: string, limits: readonly Limit[]): Promise<void> {
    const missing = limits.filter((l) => !this.known.has(`${tokenId}:${l.fingerprint}`));
    if (missing.length === 0) return;
    const parents = missing.map((l) => {
      const i = limits.indexOf(l);
      return i > 0 ? limits[i - 1]!.fingerprint : null;
    });
    await this.db.query(ENSURE_LIMIT_ROWS, [
      tokenId,
      missing.map((l) => l.fingerprint),
      parents,
      missing.map((l) => l.calls ?? null),
      missing.map((l) => (l.budgetMsat === undefined ? null : String(l.budgetMsat))),
    ]);
    if (this.known.size > this.maxKnown) this.known.clear();
    for (const l of missing) this.known.add(`${tokenId}:${l.fingerprint}`);
  }

  /**
   * Takes one call worth `msats` from the token and every ancestor; false when any is used up.
   * Throws when Postgres is unreachable and this instance has never counted the token.
   */
  async consume(tokenId: string, limits: readonly Limit[], msats: bigint): Promise<boolean> {
    if (limits.length === 0) return true;
    const fingerprints = limits.map((l) => l.fingerprint);
    const leaseKey = leaseKeyFor(tokenId, fingerprints.join(","), msats);
    // One statement per token at a time on this instance: concurrent requests wait for it and
    // then share the lease it took, instead of queueing on the same row lock one by one.
    for (;;) {
      if (this.takeFromLease(leaseKey, tokenId, limits, msats)) return true;
      const inFlight = this.book.refillInFlight(leaseKey);
      if (!inFlight) break;
      await inFlight;
    }
    const landed = this.book.beginRefill(leaseKey);
    try {
      return await this.consumeFromPostgres(tokenId, limits, fingerprints, leaseKey, msats);
    } finally {
      landed();
    }
  }

  /**
   * Takes one call from the lease this instance holds for the token, when it holds one with calls
   * left: no I/O, so a warm token's call is decided without waiting. False means ask `consume`.
   */
  takeLeased(tokenId: string, limits: readonly Limit[], msats: bigint): boolean {
    if (limits.length === 0) return true;
    return this.takeFromLease(leaseKeyFor(tokenId, chainOf(limits), msats), tokenId, limits, msats);
  }

  private takeFromLease(leaseKey: string, tokenId: string, limits: readonly Limit[], msats: bigint): boolean {
    const lease = this.book.leases.get(leaseKey);
    if (!lease || lease.remaining <= 0) return false;
    lease.remaining--;
    lease.lastUsed = Date.now();
    if (lease.remaining <= this.lease.max / 2) this.prefetch(tokenId, limits, leaseKey, msats, lease);
    return true;
  }

  /**
   * Takes the next lease while half of this one is still left, so requests keep being served from
   * memory instead of all waiting for one round trip whenever a lease runs out. Only while the
   * chain has room for another multi-call lease (near the end every call stays a statement), and
   * never offline. The call a statement takes for its caller goes into the lease too: it was
   * counted (in Postgres, or locally if Postgres just went away) and not served, which is what a
   * lease holds — served later, or given back like any leased call.
   */
  private prefetch(
    tokenId: string,
    limits: readonly Limit[],
    leaseKey: string,
    msats: bigint,
    lease: Lease,
  ): void {
    if (this.switch.isOffline || lease.roomAfter < this.lease.minRoom || this.book.refillInFlight(leaseKey))
      return;
    const landed = this.book.beginRefill(leaseKey);
    const fingerprints = limits.map((l) => l.fingerprint);
    this.consumeFromPostgres(tokenId, limits, fingerprints, leaseKey, msats)
      .then((taken) => {
        if (!taken) return;
        const held = this.book.leases.get(leaseKey);
        if (held) held.remaining++;
        else void this.giveBack(tokenId, fingerprints, msats, 1).catch(() => {});
      })
      .catch(() => {})
      .finally(landed);
  }

  private async consumeFromPostgres(
    tokenId: string,
    limits: readonly Limit[],
    fingerprints: string[],
    leaseKey: string,
    msats: bigint,
  ): Promise<boolean> {
    if (this.switch.isOffline) {
      void this.replay();
      if (this.switch.isOffline) return this.switch.local.consume(tokenId, limits, msats);
    }
    let rows: ConsumedRow[];
    try {
      await this.ensureRows(tokenId, limits);
      rows = (
        await this.db.query<ConsumedRow>(CONSUME_LEASE, [
          tokenId,
          fingerprints,
          msats.toString(),
          this.lease.max,
          this.lease.minRoom,
        ])
      ).rows;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      this.switch.goOffline();
      return this.switch.local.consume(tokenId, limits, msats);
    }
    for (const r of rows) {
      this.switch.local.remember(tokenId, r.fingerprint, {
        used: r.calls_used,
        limit: r.calls_limit,
        msatsUsed: BigInt(r.msats_used),
        msatsLimit: r.msats_limit === null ? null : BigInt(r.msats_limit),
      });
    }
    if (rows.length !== fingerprints.length) return false;
    const taken = rows[0]?.k ?? 1;
    const held = this.book.leases.get(leaseKey);
    if (held) held.roomAfter = roomOf(rows, msats);
    if (taken > 1) {
      // Leases of several statements (another path to the same key) add up.
      if (held) held.remaining += taken - 1;
      else
        this.book.leases.set(leaseKey, {
          tokenId,
          fingerprints,
          msats,
          remaining: taken - 1,
          lastUsed: Date.now(),
          roomAfter: roomOf(rows, msats),
        });
    }
    return true;
  }

  /**
   * Gives unused leased calls back to Postgres, so other instances can sell them: leases idle
   * for `idleMs`, or all of them (shutdown).
   */
  async returnLeases(idleMs = 0): Promise<void> {
    // At shutdown, let statements in flight (a prefetch) land first, so their calls are returned too.
    if (idleMs === 0) await this.book.refillsLanded();
    const now = Date.now();
    for (const [key, lease] of this.book.leases) {
      if (now - lease.lastUsed < idleMs) continue;
      this.book.leases.delete(key);
      if (lease.remaining > 0)
        await this.giveBack(lease.tokenId, lease.fingerprints, lease.msats, lease.remaining);
    }
  }

  async refund(tokenId: string, fingerprints: readonly string[], msats: bigint): Promise<void> {
    if (fingerprints.length === 0) return;
    const lease = this.book.leases.get(leaseKeyFor(tokenId, fingerprints.join(","), msats));
    if (lease) {
      lease.remaining++;
      return;
    }
    await this.giveBack(tokenId, fingerprints, msats, 1);
  }

  private async giveBack(
    tokenId: string,
    fingerprints: readonly string[],
    msats: bigint,
    calls: number,
  ): Promise<void> {
    if (!this.switch.isOffline) {
      try {
        await this.db.query(GIVE_BACK_CALLS, [tokenId, fingerprints, msats.toString(), calls]);
        return;
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        this.switch.goOffline();
      }
    }
    this.switch.local.giveBack(tokenId, fingerprints, msats, calls);
  }

  /** Writes the offline journal back; back online when it is empty. */
  replay(): Promise<void> {
    return this.switch.replay(this.db);
  }
}
