/**
 * Exact paid-call accounting in Postgres. A token's spend counts against its own limit and every
 * ancestor's (an attenuated token shares its parent's limit rows), all or nothing, in ONE
 * statement: the rows are locked (FOR UPDATE re-reads the latest committed values after waiting),
 * checked together, and only then incremented. So 100 concurrent requests on a one-call token —
 * on one gateway or several — produce exactly one success, and siblings never overspend a parent.
 */
import type { Limit } from "@tollbooth/l402-core";
import type { Queryable } from "../config/load-config";

const CONSUME = `
WITH locked AS (
  SELECT fingerprint, calls_used, calls_limit, msats_used, msats_limit
  FROM token_consumption
  WHERE token_id = $1 AND fingerprint = ANY($2::text[])
  ORDER BY fingerprint
  FOR UPDATE
), verdict AS (
  SELECT count(*) = cardinality($2::text[])
     AND coalesce(bool_and((calls_limit IS NULL OR calls_used < calls_limit)
                       AND (msats_limit IS NULL OR msats_used + $3::bigint <= msats_limit)), false) AS ok
  FROM locked
)
UPDATE token_consumption t
SET calls_used = t.calls_used + 1, msats_used = t.msats_used + $3::bigint, updated_at = now()
FROM verdict
WHERE verdict.ok AND t.token_id = $1 AND t.fingerprint = ANY($2::text[])
RETURNING t.fingerprint`;

const REFUND = `
UPDATE token_consumption
SET calls_used = greatest(calls_used - 1, 0), msats_used = greatest(msats_used - $3::bigint, 0), updated_at = now()
WHERE token_id = $1 AND fingerprint = ANY($2::text[])`;

const ENSURE_ROWS = `
INSERT INTO token_consumption (token_id, fingerprint, parent_fingerprint, calls_limit, msats_limit)
SELECT $1, f, p, c, m FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS x(f, p, c, m)
ON CONFLICT (token_id, fingerprint) DO NOTHING`;

export class ConsumptionLedger {
  /** Limit rows known to exist, so a warm token costs one statement per call. */
  private readonly known = new Set<string>();

  constructor(
    private readonly db: Queryable,
    private readonly maxKnown = 200_000,
  ) {}

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

  /** Takes one call worth `msats` from the token and every ancestor; false when any is used up. */
  async consume(tokenId: string, limits: readonly Limit[], msats: bigint): Promise<boolean> {
    if (limits.length === 0) return true;
    await this.ensureRows(tokenId, limits);
    const fingerprints = limits.map((l) => l.fingerprint);
    const result = await this.db.query(CONSUME, [tokenId, fingerprints, msats.toString()]);
    return result.rows.length === fingerprints.length;
  }

  async refund(tokenId: string, fingerprints: readonly string[], msats: bigint): Promise<void> {
    if (fingerprints.length === 0) return;
    await this.db.query(REFUND, [tokenId, fingerprints, msats.toString()]);
  }
}
