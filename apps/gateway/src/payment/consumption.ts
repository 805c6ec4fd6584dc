// Over 300 lines because it holds one ledger's three parts: the lease book, its SQL statements and the offline switch (known candidate to split along those seams).
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
 */
import type { Limit } from "@tollbooth/l402-core";
import type { Queryable } from "../config/load-config";
import { isConnectionError, OfflineCount } from "./offline-count";

// $4 = largest lease, $5 = the room a chain needs before more than one call is leased.
const CONSUME = `
WITH locked AS (
  SELECT fingerprint, calls_used, calls_limit, msats_used, msats_limit
  FROM token_consumption
  WHERE token_id = $1 AND fingerprint = ANY($2::text[])
  ORDER BY fingerprint
  FOR UPDATE
), room AS (
  SELECT count(*) AS n,
         least(min(CASE WHEN calls_limit IS NULL THEN 1000000000 ELSE calls_limit - calls_used END),
               min(CASE WHEN msats_limit IS NULL OR $3::bigint = 0 THEN 1000000000
                        ELSE (msats_limit - msats_used) / $3::bigint END)) AS calls
  FROM locked
), lease AS (
  SELECT CASE
           WHEN n <> cardinality($2::text[]) OR coalesce(calls, 0) < 1 THEN 0
           WHEN calls >= $5::bigint THEN least($4::bigint, calls / 16)
           ELSE 1
         END AS k
  FROM room
)
UPDATE token_consumption t
SET calls_used = t.calls_used + lease.k, msats_used = t.msats_used + lease.k * $3::bigint, updated_at = now()
FROM lease
WHERE lease.k > 0 AND t.token_id = $1 AND t.fingerprint = ANY($2::text[])
RETURNING lease.k::int AS k, t.fingerprint, t.calls_used, t.calls_limit, t.msats_used::text AS msats_used,
          t.msats_limit::text AS msats_limit`;

const REFUND = `
UPDATE token_consumption
SET calls_used = greatest(calls_used - $4::int, 0), msats_used = greatest(msats_used - $4::int * $3::bigint, 0),
    updated_at = now()
WHERE token_id = $1 AND fingerprint = ANY($2::text[])`;

const ENSURE_ROWS = `
INSERT INTO token_consumption (token_id, fingerprint, parent_fingerprint, calls_limit, msats_limit)
SELECT $1, f, p, c, m FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS x(f, p, c, m)
ON CONFLICT (token_id, fingerprint) DO NOTHING`;

/** The fewest calls any limit of the chain has left in Postgres, from a statement's rows. */
function roomOf(
  rows: ReadonlyArray<{
    calls_used: number;
    calls_limit: number | null;
    msats_used: string;
    msats_limit: string | null;
  }>,
  msats: bigint,
): number {
  let room = Number.MAX_SAFE_INTEGER;
  for (const r of rows) {
    if (r.calls_limit !== null) room = Math.min(room, r.calls_limit - r.calls_used);
    if (r.msats_limit !== null && msats > 0n) {
      room = Math.min(room, Number((BigInt(r.msats_limit) - BigInt(r.msats_used)) / msats));
    }
  }
  return room;
}

/** A token chain's lease: by token, its fingerprints joined root first, and the price per call. */
function leaseKeyFor(tokenId: string, chain: string, msats: bigint): string {
  return `${tokenId}|${chain}|${msats}`;
}

/** The joined fingerprints of a chain (no array for the usual single-limit token). */
function chainOf(limits: readonly Limit[]): string {
  return limits.length === 1 ? limits[0]!.fingerprint : limits.map((l) => l.fingerprint).join(",");
}

/** Calls taken from Postgres in one statement and not served yet: spent from memory first. */
interface Lease {
  tokenId: string;
  fingerprints: string[];
  msats: bigint;
  remaining: number;
  lastUsed: number;
  /** Calls every limit of the chain still had in Postgres after the last statement. */
  roomAfter: number;
}

export interface LeaseOptions {
  /** Most calls one statement may take ahead (1 = no leasing: every call is a statement). */
  max: number;
  /** Leasing starts only when every limit of the chain has at least this many calls left. */
  minRoom: number;
}

export class ConsumptionLedger {
  /** Limit rows known to exist, so a warm token costs one statement per call. */
  private readonly known = new Set<string>();
  private readonly local: OfflineCount;
  private readonly leases = new Map<string, Lease>();
  private readonly refilling = new Map<string, Promise<void>>();
  private offline = false;
  private replaying: Promise<void> | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly lease: LeaseOptions = { max: 256, minRoom: 256 },
    private readonly maxKnown = 200_000,
  ) {
    this.local = new OfflineCount(maxKnown);
  }

  /** Calls leased from Postgres and not yet served, on this instance. */
  get leasedCalls(): number {
    let n = 0;
    for (const l of this.leases.values()) n += l.remaining;
    return n;
  }

  get isOffline(): boolean {
    return this.offline;
  }

  get pendingJournal(): number {
    return this.local.pending;
  }

  private async ensureRows(tokenId: string, limits: readonly Limit[]): Promise<void> {
    const missing = limits.filter((l) => !this.known.has(`${tokenId}:${l.fingerprint}`));
    if (missing.length === 0) return;
    const parents = missing.map((l) => {
      const i = limits.indexOf(l);
      return i > 0 ? limits[i - 1]!.fingerprint : null;
    });
    await this.db.query(ENSURE_ROWS, [
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
      const inFlight = this.refilling.get(leaseKey);
      if (!inFlight) break;
      await inFlight;
    }
    let done = () => {};
    this.refilling.set(
      leaseKey,
      new Promise<void>((resolve) => {
        done = resolve;
      }),
    );
    try {
      return await this.consumeFromPostgres(tokenId, limits, fingerprints, leaseKey, msats);
    } finally {
      this.refilling.delete(leaseKey);
      done();
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
    const lease = this.leases.get(leaseKey);
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
    if (this.offline || lease.roomAfter < this.lease.minRoom || this.refilling.has(leaseKey)) return;
    let done = () => {};
    this.refilling.set(
      leaseKey,
      new Promise<void>((resolve) => {
        done = resolve;
      }),
    );
    const fingerprints = limits.map((l) => l.fingerprint);
    this.consumeFromPostgres(tokenId, limits, fingerprints, leaseKey, msats)
      .then((taken) => {
        if (!taken) return;
        const held = this.leases.get(leaseKey);
        if (held) held.remaining++;
        else void this.giveBack(tokenId, fingerprints, msats, 1).catch(() => {});
      })
      .catch(() => {})
      .finally(() => {
        this.refilling.delete(leaseKey);
        done();
      });
  }

  private async consumeFromPostgres(
    tokenId: string,
    limits: readonly Limit[],
    fingerprints: string[],
    leaseKey: string,
    msats: bigint,
  ): Promise<boolean> {
    if (this.offline) {
      void this.replay();
      if (this.offline) return this.local.consume(tokenId, limits, msats);
    }
    let rows: Array<{
      k: number;
      fingerprint: string;
      calls_used: number;
      calls_limit: number | null;
      msats_used: string;
      msats_limit: string | null;
    }>;
    try {
      await this.ensureRows(tokenId, limits);
      rows = (
        await this.db.query<(typeof rows)[number]>(CONSUME, [
          tokenId,
          fingerprints,
          msats.toString(),
          this.lease.max,
          this.lease.minRoom,
        ])
      ).rows;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      this.offline = true;
      return this.local.consume(tokenId, limits, msats);
    }
    for (const r of rows) {
      this.local.remember(tokenId, r.fingerprint, {
        used: r.calls_used,
        limit: r.calls_limit,
        msatsUsed: BigInt(r.msats_used),
        msatsLimit: r.msats_limit === null ? null : BigInt(r.msats_limit),
      });
    }
    if (rows.length !== fingerprints.length) return false;
    const taken = rows[0]?.k ?? 1;
    const held = this.leases.get(leaseKey);
    if (held) held.roomAfter = roomOf(rows, msats);
    if (taken > 1) {
      // Leases of several statements (another path to the same key) add up.
      if (held) held.remaining += taken - 1;
      else
        this.leases.set(leaseKey, {
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
    if (idleMs === 0) await Promise.all(this.refilling.values());
    const now = Date.now();
    for (const [key, lease] of this.leases) {
      if (now - lease.lastUsed < idleMs) continue;
      this.leases.delete(key);
      if (lease.remaining > 0)
        await this.giveBack(lease.tokenId, lease.fingerprints, lease.msats, lease.remaining);
    }
  }

  async refund(tokenId: string, fingerprints: readonly string[], msats: bigint): Promise<void> {
    if (fingerprints.length === 0) return;
    const lease = this.leases.get(leaseKeyFor(tokenId, fingerprints.join(","), msats));
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
    if (!this.offline) {
      try {
        await this.db.query(REFUND, [tokenId, fingerprints, msats.toString(), calls]);
        return;
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        this.offline = true;
      }
    }
    this.local.giveBack(tokenId, fingerprints, msats, calls);
  }

  /** Writes the offline journal back; back online when it is empty. */
  replay(): Promise<void> {
    if (this.replaying) return this.replaying;
    if (!this.offline) return Promise.resolve();
    this.replaying = this.local
      .replay(this.db)
      .then((empty) => {
        if (empty) this.offline = false;
      })
      .catch(() => {})
      .finally(() => {
        this.replaying = null;
      });
    return this.replaying;
  }
}
