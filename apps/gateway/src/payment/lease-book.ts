/**
 * The calls this instance took from Postgres ahead of time and has not served yet, per token
 * chain and price ("leases"), and the one statement per chain that may be in flight to refill
 * one. Memory only: the ledger (consumption.ts) decides when to lease and gives leases back.
 */
import type { Limit } from "@tollbooth/l402-core";

/** Calls taken from Postgres in one statement and not served yet: spent from memory first. */
export interface Lease {
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

/** A token chain's lease: by token, its fingerprints joined root first, and the price per call. */
export function leaseKeyFor(tokenId: string, chain: string, msats: bigint): string {
  return `${tokenId}|${chain}|${msats}`;
}

/** The joined fingerprints of a chain (no array for the usual single-limit token). */
export function chainOf(limits: readonly Limit[]): string {
  return limits.length === 1 ? limits[0]!.fingerprint : limits.map((l) => l.fingerprint).join(",");
}

/** The fewest calls any limit of the chain has left in Postgres, from a statement's rows. */
export function roomOf(
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

export class LeaseBook {
  readonly leases = new Map<string, Lease>();
  /** The statement in flight per lease key: concurrent requests wait for it, then share its lease. */
  private readonly refilling = new Map<string, Promise<void>>();

  /** Calls leased from Postgres and not yet served, on this instance. */
  get leasedCalls(): number {
    let n = 0;
    for (const l of this.leases.values()) n += l.remaining;
    return n;
  }

  refillInFlight(leaseKey: string): Promise<void> | undefined {
    return this.refilling.get(leaseKey);
  }

  /** Marks a statement in flight for the key; call the returned function when it has landed. */
  beginRefill(leaseKey: string): () => void {
    let done = () => {};
    this.refilling.set(
      leaseKey,
      new Promise<void>((resolve) => {
        done = resolve;
      }),
    );
    return () => {
      this.refilling.delete(leaseKey);
      done();
    };
  }

  /** Every statement in flight, landed. */
  async refillsLanded(): Promise<void> {
    await Promise.all(this.refilling.values());
  }
}
