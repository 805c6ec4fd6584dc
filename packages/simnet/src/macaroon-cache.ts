import type { MacaroonOp } from "./macaroon-id";

/**
 * Macaroons that already verified, keyed by their exact serialized form. Verifying through the
 * `macaroon` library costs ≈ 50–60 µs (two imports, an HMAC chain in sjcl) and a gateway sends the
 * same macaroon on every call. A hit is as strong as a fresh check: the bytes are identical, node
 * root keys never change while the simnet runs, and the only time-dependent caveat (`time-before`)
 * is kept as `notAfter` and checked on every hit. Failures are never cached.
 */
export interface VerifiedEntry {
  storageId: string;
  ops: MacaroonOp[];
  /** ms since epoch; Infinity without a time-before caveat */
  notAfter: number;
}

const MAX_ENTRIES = 10_000;

export class VerifiedMacaroons {
  private readonly entries = new Map<string, VerifiedEntry>();

  get(serialized: string, nowMs: number): VerifiedEntry | undefined {
    const entry = this.entries.get(serialized);
    if (entry && nowMs >= entry.notAfter) {
      this.entries.delete(serialized); // expired: the slow path gives the "expired" error
      return undefined;
    }
    return entry;
  }

  set(serialized: string, entry: VerifiedEntry): void {
    // Bounded so a client minting fresh macaroons cannot grow it without limit; a full reset is
    // cheap and the live set re-verifies once each.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(serialized, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
