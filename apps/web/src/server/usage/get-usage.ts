import { z } from "zod";
import { paymentLabel } from "../../lib/format";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireUsageTenant } from "../tenants/access";
import { countCredits } from "./credits";
import { grossByDay, grossBySale } from "./gross-volume";

export const ZGetUsageRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  apiId: z.string().uuid().optional(),
  days: z.number().int().min(1).max(90).default(14),
});

export interface UsageDay {
  day: string;
  /** Sats of invoices settled that day (cash basis). */
  grossSats: number;
  invoices: number;
  calls: number;
  creditedCalls: number;
  errors: number;
  errorRate: number;
}

/** Calls served on one route (usage, not money: see `sales` for what was paid). */
export interface UsageRoute {
  apiSlug: string;
  method: string;
  route: string;
  calls: number;
  creditedCalls: number;
  errors: number;
  errorRate: number;
}

/** Settled invoices for one thing sold: an API's route at one price. */
export interface UsageSale {
  apiSlug: string;
  method: string;
  pathPattern: string;
  /** What one payment bought: "10 calls for 100 sats". */
  label: string;
  invoices: number;
  grossSats: number;
}

/** A call counts as an error when the gateway or the upstream failed it (5xx). */
const isError = (status: number) => status >= 500;

/**
 * The gateway meters every request, including its own answers that never reach the upstream (402
 * challenges, 401 refusals, and 429s or 503s while the provider's wallet is down — `forwarded`
 * false); those are not calls the provider served. The status filter keeps rows written before
 * `forwarded` existed counted as they were.
 */
export const SERVED = { forwarded: true, status: { notIn: [401, 402] } };

/**
 * The provider's numbers for a tenant (or one of its APIs): gross volume — the sats of invoices
 * settled in the window, by day and by what was sold (gross-volume.ts) — and, separately, calls
 * served, calls credited back after upstream failures (credits.ts) and the error rate. Calls are
 * counted in memory from the window's events (portable between Postgres and PGlite); money is
 * summed in SQL from the challenges, so it equals what the node settled, sat for sat.
 */
export async function getUsage(db: Db, user: SessionUser, input: z.output<typeof ZGetUsageRequestSchema>) {
  const tenantId = await requireUsageTenant(db, user, input);
  const since = startOfUtcDay(new Date(Date.now() - (input.days - 1) * 86400_000));
  const window = { tenantId, since, ...(input.apiId ? { apiId: input.apiId } : {}) };
  const [events, apis, grossDays, sales] = await Promise.all([
    db.usageEvent.findMany({
      where: {
        tenantId,
        occurredAt: { gte: since },
        ...SERVED,
        ...(input.apiId ? { apiId: input.apiId } : {}),
      },
      select: {
        apiId: true,
        method: true,
        route: true,
        status: true,
        sats: true,
        free: true,
        tokenId: true,
        occurredAt: true,
      },
      orderBy: { occurredAt: "asc" },
      take: 200_000,
    }),
    db.api.findMany({ where: { tenantId }, select: { id: true, slug: true } }),
    grossByDay(db, window),
    grossBySale(db, window),
  ]);
  const slugOf = new Map(apis.map((a) => [a.id, a.slug]));

  const days = new Map<string, UsageDay>();
  for (let i = 0; i < input.days; i++) {
    const day = new Date(since.getTime() + i * 86400_000).toISOString().slice(0, 10);
    days.set(day, { day, grossSats: 0, invoices: 0, calls: 0, creditedCalls: 0, errors: 0, errorRate: 0 });
  }
  for (const g of grossDays) {
    const d = days.get(g.day);
    if (d) {
      d.grossSats += g.grossSats;
      d.invoices += g.invoices;
    }
  }
  const routes = new Map<string, UsageRoute>();
  const routeOf = (e: (typeof events)[number]) => {
    const apiSlug = slugOf.get(e.apiId) ?? "deleted";
    const key = `${apiSlug} ${e.method} ${e.route}`;
    let r = routes.get(key);
    if (!r) {
      r = { apiSlug, method: e.method, route: e.route, calls: 0, creditedCalls: 0, errors: 0, errorRate: 0 };
      routes.set(key, r);
    }
    return r;
  };
  for (const e of events) {
    const d = days.get(e.occurredAt.toISOString().slice(0, 10));
    if (d) {
      d.calls += 1;
      if (isError(e.status)) d.errors += 1;
    }
    const r = routeOf(e);
    r.calls += 1;
    if (isError(e.status)) r.errors += 1;
  }
  const credits = await countCredits(db, tenantId, events, (e) => {
    routeOf(e).creditedCalls += 1;
    const d = days.get(e.occurredAt.toISOString().slice(0, 10));
    if (d) d.creditedCalls += 1;
  });

  const byDay = [...days.values()].map((d) => ({ ...d, errorRate: d.calls ? d.errors / d.calls : 0 }));
  const byRoute = [...routes.values()]
    .map((r) => ({ ...r, errorRate: r.calls ? r.errors / r.calls : 0 }))
    .sort((a, b) => b.calls - a.calls);
  const bySale: UsageSale[] = sales.map((s) => ({
    apiSlug: slugOf.get(s.apiId) ?? `${s.soldSlug ?? "unknown"} (deleted)`,
    method: s.method ?? "?",
    pathPattern: s.pathPattern ?? "(unknown route)",
    label: paymentLabel({
      kind: s.kind ?? "per_call",
      calls: s.calls,
      passSeconds: s.passSeconds,
      amountSats: s.amountSats,
    }),
    invoices: s.invoices,
    grossSats: s.grossSats,
  }));
  const calls = byDay.reduce((n, d) => n + d.calls, 0);
  const errors = byDay.reduce((n, d) => n + d.errors, 0);
  return {
    days: input.days,
    byDay,
    byRoute,
    sales: bySale,
    totals: {
      grossSats: byDay.reduce((n, d) => n + d.grossSats, 0),
      invoices: byDay.reduce((n, d) => n + d.invoices, 0),
      calls,
      creditedCalls: credits.calls,
      creditedSats: credits.sats,
      errors,
      errorRate: calls ? errors / calls : 0,
    },
  };
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
