/**
 * The statements on token_consumption: one row per token limit (a token and each ancestor it was
 * attenuated from), calls and msats used against its limits. The ledger that runs them is
 * payment/consumption.ts; the offline journal's write-back is payment/offline-count.ts.
 */

// $4 = largest lease, $5 = the room a chain needs before more than one call is leased.
export const CONSUME_LEASE = `
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

export const GIVE_BACK_CALLS = `
UPDATE token_consumption
SET calls_used = greatest(calls_used - $4::int, 0), msats_used = greatest(msats_used - $4::int * $3::bigint, 0),
    updated_at = now()
WHERE token_id = $1 AND fingerprint = ANY($2::text[])`;

export const ENSURE_LIMIT_ROWS = `
INSERT INTO token_consumption (token_id, fingerprint, parent_fingerprint, calls_limit, msats_limit)
SELECT $1, f, p, c, m FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS x(f, p, c, m)
ON CONFLICT (token_id, fingerprint) DO NOTHING`;

/** A row CONSUME_LEASE returns per limit of the chain; k is the calls it took (the same on each). */
export interface ConsumedRow {
  k: number;
  fingerprint: string;
  calls_used: number;
  calls_limit: number | null;
  msats_used: string;
  msats_limit: string | null;
}

// The offline journal's deltas, written back in one statement (payment/offline-count.ts).
export const REPLAY_JOURNAL = `
UPDATE token_consumption t
SET calls_used = greatest(t.calls_used + d.calls, 0), msats_used = greatest(t.msats_used + d.msats, 0), updated_at = now()
FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS d(token_id, fingerprint, calls, msats)
WHERE t.token_id = d.token_id AND t.fingerprint = d.fingerprint`;
