/**
 * The statements of upstream health checks (health/health-checker.ts). Several gateways share one
 * database, and each check must run once per interval, not once per gateway: `CLAIM_DUE` moves an
 * API's `next_check_at` forward only where it is due, so of two gateways claiming at once, one
 * gets the row (the second's ON CONFLICT update re-reads the row after the first commits and finds
 * it no longer due). `RECORD_CHECK` writes the check, the new state and — only when the state
 * changed — one `api.health_changed` event, all in one statement: the event exists exactly when
 * the change does, even if the gateway dies right after.
 */
import { HEALTH_CHANGED_EVENT, HEALTH_RETENTION_DAYS, type HealthState } from "@tollbooth/contract";
import type { Queryable } from "./queryable";

const CLAIM_DUE = `
INSERT INTO api_health (api_id, next_check_at)
SELECT id, now() + $2 * interval '1 millisecond' FROM unnest($1::uuid[]) AS ids(id)
ON CONFLICT (api_id) DO UPDATE SET next_check_at = EXCLUDED.next_check_at
WHERE api_health.next_check_at <= now()
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
  constructor(private readonly db: Queryable) {}

  /** The ids (of those given) whose check is due, now claimed by this caller for `intervalMs`. */
  async claimDue(apiIds: readonly string[], intervalMs: number): Promise<string[]> {
    if (apiIds.length === 0) return [];
    const { rows } = await this.db.query<{ api_id: string }>(CLAIM_DUE, [apiIds, intervalMs]);
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
