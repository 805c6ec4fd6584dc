/**
 * The statements of upstream health checks (health/health-checker.ts). Several gateways share one
 * database, and each check must run once per interval, not once per gateway: `CLAIM_DUE` moves the
 * `next_check_at` of the most overdue APIs forward, as many as the caller has room to check, and
 * skips rows another gateway is claiming at that moment (SKIP LOCKED), so each due check goes to
 * exactly one gateway. `RECORD_CHECK` writes the check, the new state and — only when the state
 * changed — one `api.health_changed` event, all in one statement: the event exists exactly when
 * the change does, even if the gateway dies right after.
 */
import { HEALTH_CHANGED_EVENT, HEALTH_RETENTION_DAYS, type HealthState } from "@tollbooth/contract";
import type { Queryable } from "./queryable";

// A new API gets its row (due at once); existing rows are left alone.
const ENSURE_ROWS = `
INSERT INTO api_health (api_id, next_check_at)
SELECT id, now() FROM unnest($1::uuid[]) AS ids(id)
ON CONFLICT (api_id) DO NOTHING`;

// Most overdue first and at most $3: a gateway claims only what it can start now, so a backlog of
// slow (dead) upstreams delays every API alike instead of starving the ones behind it in a round.
const CLAIM_DUE = `
UPDATE api_health SET next_check_at = now() + $2 * interval '1 millisecond'
WHERE api_id IN (
  SELECT api_id FROM api_health
  WHERE api_id = ANY($1::uuid[]) AND next_check_at <= now()
  ORDER BY next_check_at
  LIMIT $3
  FOR UPDATE SKIP LOCKED
)
RETURNING api_id`;

// prev locks the API's health row, so two results for one API (a check that outlived its
// interval and the next one) are applied one after the other, each seeing the other's state.
const RECORD_CHECK = `
WITH prev AS (
  SELECT h.api_id, h.state::text AS state, h.fail_streak, a.tenant_id, a.slug
  FROM api_health h JOIN apis a ON a.id = h.api_id
  WHERE h.api_id = $1 FOR UPDATE OF h
), next AS (
  SELECT api_id, tenant_id, slug, state AS from_state,
         CASE WHEN $2 THEN 0 ELSE fail_streak + 1 END AS streak,
         CASE WHEN $2 THEN 'up' WHEN fail_streak + 1 >= $6 THEN 'down' ELSE state END AS to_state
  FROM prev
), checked AS (
  INSERT INTO api_health_checks (api_id, checked_at, ok, latency_ms, status, error)
  SELECT api_id, now(), $2, $3, $4, $5 FROM next
), moved AS (
  UPDATE api_health h
  SET state = next.to_state::"HealthState", fail_streak = next.streak, last_checked_at = now(),
      changed_at = CASE WHEN next.to_state <> next.from_state THEN now() ELSE h.changed_at END
  FROM next WHERE h.api_id = next.api_id
)
INSERT INTO api_events (id, tenant_id, api_id, type, payload)
SELECT gen_random_uuid(), tenant_id, api_id, '${HEALTH_CHANGED_EVENT}',
       jsonb_build_object('api', slug, 'from', from_state, 'to', to_state,
                          'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
FROM next WHERE to_state <> from_state
RETURNING payload->>'from' AS "from", payload->>'to' AS "to"`;

// In batches, so a backlog (a gateway that was off for weeks) never holds locks for long.
const PRUNE_CHECKS = `
DELETE FROM api_health_checks WHERE id IN (
  SELECT id FROM api_health_checks
  WHERE checked_at < now() - interval '${HEALTH_RETENTION_DAYS} days' LIMIT 10000
)`;

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  /** The upstream's status; null when it did not answer. */
  status: number | null;
  /** Why there was no usable answer; null when the upstream answered. */
  error: string | null;
}

export interface HealthChange {
  from: HealthState;
  to: HealthState;
}

export class ApiHealthStore {
  /** APIs whose health row this store has made sure of (one INSERT per new API, not per tick). */
  private readonly known = new Set<string>();

  constructor(private readonly db: Queryable) {}

  /**
   * Up to `room` of the ids given whose check is due, most overdue first, now claimed by this
   * caller for `intervalMs`.
   */
  async claimDue(apiIds: readonly string[], intervalMs: number, room: number): Promise<string[]> {
    if (apiIds.length === 0 || room <= 0) return [];
    const fresh = apiIds.filter((id) => !this.known.has(id));
    if (fresh.length > 0) {
      await this.db.query(ENSURE_ROWS, [fresh]);
      for (const id of fresh) this.known.add(id);
    }
    const { rows } = await this.db.query<{ api_id: string }>(CLAIM_DUE, [apiIds, intervalMs, room]);
    return rows.map((r) => r.api_id);
  }

  /** Stores a check; returns the state change it caused (and raised an event for), if any. */
  async record(apiId: string, result: CheckResult, downAfter: number): Promise<HealthChange | null> {
    const { rows } = await this.db.query<HealthChange>(RECORD_CHECK, [
      apiId,
      result.ok,
      Math.min(2_147_483_647, Math.round(result.latencyMs)),
      result.status,
      result.error,
      downAfter,
    ]);
    return rows[0] ?? null;
  }

  /** Deletes checks older than the retention; returns how many went. */
  async prune(): Promise<number> {
    const { rowCount } = await this.db.query(PRUNE_CHECKS);
    return rowCount ?? 0;
  }
}
