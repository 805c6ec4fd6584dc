/**
 * The upstream health figures the hub shows (issue #16), from the checks the gateways record
 * (`api_health_checks`, `api_health`; apps/gateway/src/health/health-checker.ts).
 *
 * `healthFigures` answers for many APIs in one statement (the catalog lists up to a thousand):
 * uptime is the share of checks that found the upstream up — over 24 hours and 30 days — and the
 * latency is the median of the successful checks of the last 24 hours (a failed check's time is
 * the timeout or a refused connection, not the upstream's speed). `healthHours` is the same per
 * hour (date_trunc), with p95, for the provider's own page.
 */
import type { ApiHealth, HealthState } from "@tollbooth/contract";
import { Prisma } from "@tollbooth/db";
import type { Db } from "../db";

interface FigureRow {
  api_id: string;
  total_24h: number;
  ok_24h: number;
  total_30d: number;
  ok_30d: number;
  p50_24h: number | null;
}

/** The health of an API with no checks yet: its state and no figures. */
export function emptyHealth(status: HealthState = "unknown", checkedAt: Date | null = null): ApiHealth {
  return {
    status,
    uptime_24h: null,
    uptime_30d: null,
    latency_p50_ms: null,
    checked_at: checkedAt?.toISOString() ?? null,
  };
}

/**
 * `health` for each API id: its state (`api_health`, read by the caller with the API) and the
 * figures of its checks. The 30-day scan rides the (api_id, checked_at) index.
 */
export async function healthFigures(
  db: Db,
  apis: ReadonlyArray<{ id: string; health: { state: HealthState; lastCheckedAt: Date | null } | null }>,
): Promise<Map<string, ApiHealth>> {
  const out = new Map<string, ApiHealth>();
  if (apis.length === 0) return out;
  const ids = apis.map((a) => a.id);
  const rows = await db.$queryRaw<FigureRow[]>`
    SELECT api_id::text AS api_id,
           (count(*) FILTER (WHERE checked_at > now() - interval '24 hours'))::int AS total_24h,
           (count(*) FILTER (WHERE ok AND checked_at > now() - interval '24 hours'))::int AS ok_24h,
           count(*)::int AS total_30d,
           (count(*) FILTER (WHERE ok))::int AS ok_30d,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms)
              FILTER (WHERE ok AND checked_at > now() - interval '24 hours'))::float8 AS p50_24h
    FROM api_health_checks
    WHERE api_id = ANY(${ids}::uuid[]) AND checked_at > now() - interval '30 days'
    GROUP BY api_id`;
  const byId = new Map(rows.map((r) => [r.api_id, r]));
  for (const api of apis) {
    const row = byId.get(api.id);
    const health = emptyHealth(api.health?.state ?? "unknown", api.health?.lastCheckedAt ?? null);
    if (row) {
      health.uptime_24h = row.total_24h > 0 ? row.ok_24h / row.total_24h : null;
      health.uptime_30d = row.total_30d > 0 ? row.ok_30d / row.total_30d : null;
      health.latency_p50_ms = row.p50_24h === null ? null : Math.round(row.p50_24h);
    }
    out.set(api.id, health);
  }
  return out;
}

export interface HealthHour {
  hour: string;
  checks: number;
  uptime: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

/** One API's checks per hour over the last `hours` hours, oldest first (hours without checks are absent). */
export async function healthHours(db: Db, apiId: string, hours = 24): Promise<HealthHour[]> {
  const since = Prisma.sql`now() - ${`${Math.max(1, Math.min(24 * 31, Math.floor(hours)))} hours`}::interval`;
  const rows = await db.$queryRaw<
    Array<{ hour: Date; checks: number; ok: number; p50: number | null; p95: number | null }>
  >`
    SELECT date_trunc('hour', checked_at) AS hour, count(*)::int AS checks, (count(*) FILTER (WHERE ok))::int AS ok,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok))::float8 AS p50,
           (percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok))::float8 AS p95
    FROM api_health_checks
    WHERE api_id = ${apiId}::uuid AND checked_at > ${since}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({
    hour: r.hour.toISOString(),
    checks: r.checks,
    uptime: r.ok / r.checks,
    latencyP50Ms: r.p50 === null ? null : Math.round(r.p50),
    latencyP95Ms: r.p95 === null ? null : Math.round(r.p95),
  }));
}

/** One API's `health` (the caller has checked the API is the user's, or public). */
export async function apiHealth(db: Db, apiId: string): Promise<ApiHealth> {
  const health = await db.apiHealth.findUnique({
    where: { apiId },
    select: { state: true, lastCheckedAt: true },
  });
  return (await healthFigures(db, [{ id: apiId, health }])).get(apiId) ?? emptyHealth();
}
