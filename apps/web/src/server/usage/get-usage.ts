import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireOwnedApi, requireTenant } from "../tenants/access";

export const ZGetUsageRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  apiId: z.string().uuid().optional(),
  days: z.number().int().min(1).max(90).default(14),
});

export interface UsageDay {
  day: string;
  calls: number;
  sats: number;
  errors: number;
  errorRate: number;
}

export interface UsageRoute {
  apiSlug: string;
  method: string;
  route: string;
  calls: number;
  sats: number;
  errors: number;
  errorRate: number;
}

/** A call counts as an error when the gateway or the upstream failed it (5xx). */
const isError = (status: number) => status >= 500;

/**
 * The gateway meters every request, including the 402 challenges and 401 refusals that never
 * reach the upstream; those are not calls the provider served.
 */
export const SERVED = { status: { notIn: [401, 402] } };

/**
 * Calls, sats and error rate per day and per route for a tenant (or one of its APIs). Computed
 * in memory from the window's events: a provider's two weeks of calls fit comfortably, and it
 * keeps the query portable between Postgres and PGlite.
 */
export async function getUsage(db: Db, user: SessionUser, input: z.output<typeof ZGetUsageRequestSchema>) {
  const tenantId = input.apiId
    ? (await requireOwnedApi(db, user, input.apiId)).tenantId
    : requireTenant(user, input.tenantId);
  const since = startOfUtcDay(new Date(Date.now() - (input.days - 1) * 86400_000));
  const events = await db.usageEvent.findMany({
    where: {
      tenantId,
      occurredAt: { gte: since },
      ...SERVED,
      ...(input.apiId ? { apiId: input.apiId } : {}),
    },
    select: { apiId: true, method: true, route: true, status: true, sats: true, occurredAt: true },
    orderBy: { occurredAt: "asc" },
    take: 200_000,
  });
  const apis = await db.api.findMany({ where: { tenantId }, select: { id: true, slug: true } });
  const slugOf = new Map(apis.map((a) => [a.id, a.slug]));

  const days = new Map<string, UsageDay>();
  for (let i = 0; i < input.days; i++) {
    const day = new Date(since.getTime() + i * 86400_000).toISOString().slice(0, 10);
    days.set(day, { day, calls: 0, sats: 0, errors: 0, errorRate: 0 });
  }
  const routes = new Map<string, UsageRoute>();
  for (const e of events) {
    const d = days.get(e.occurredAt.toISOString().slice(0, 10));
    if (d) {
      d.calls += 1;
      d.sats += e.sats;
      if (isError(e.status)) d.errors += 1;
    }
    const apiSlug = slugOf.get(e.apiId) ?? "deleted";
    const key = `${apiSlug} ${e.method} ${e.route}`;
    const r = routes.get(key) ?? {
      apiSlug,
      method: e.method,
      route: e.route,
      calls: 0,
      sats: 0,
      errors: 0,
      errorRate: 0,
    };
    r.calls += 1;
    r.sats += e.sats;
    if (isError(e.status)) r.errors += 1;
    routes.set(key, r);
  }
  const byDay = [...days.values()].map((d) => ({ ...d, errorRate: d.calls ? d.errors / d.calls : 0 }));
  const byRoute = [...routes.values()]
    .map((r) => ({ ...r, errorRate: r.calls ? r.errors / r.calls : 0 }))
    .sort((a, b) => b.sats - a.sats || b.calls - a.calls);
  const totals = byDay.reduce(
    (t, d) => ({ calls: t.calls + d.calls, sats: t.sats + d.sats, errors: t.errors + d.errors }),
    { calls: 0, sats: 0, errors: 0 },
  );
  return {
    days: input.days,
    byDay,
    byRoute,
    totals: { ...totals, errorRate: totals.calls ? totals.errors / totals.calls : 0 },
  };
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
