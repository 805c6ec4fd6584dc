/**
 * Revenue on a cash basis: the sats of settled invoices, counted when they settled, for the API
 * and the route they were sold for. A 10-call bundle or a time pass counts in full at settlement,
 * however many of its calls are used later. Challenges are the payment records: they carry
 * tenant_id, api_id and the sold scope themselves, so these queries never need the API row (an
 * API deleted or archived since keeps its revenue). Aggregated in SQL: nothing is sampled or cut off.
 */
import { Prisma } from "@tollbooth/db";
import type { Db } from "../db";

export interface RevenueWindow {
  tenantId: string;
  apiId?: string;
  since: Date;
}

export interface GrossDay {
  day: string;
  invoices: number;
  grossSats: number;
}

/** One kind of sale: what a payment bought on one route at one price. */
export interface Sale {
  apiId: string;
  /** The slug the token was sold under (the API may have been renamed or removed since). */
  soldSlug: string | null;
  method: string | null;
  pathPattern: string | null;
  kind: "per_call" | "time_pass" | null;
  calls: number | null;
  passSeconds: number | null;
  amountSats: number;
  invoices: number;
  grossSats: number;
}

const where = (w: RevenueWindow) =>
  Prisma.sql`tenant_id = ${w.tenantId}::uuid AND state = 'settled' AND settled_at >= ${w.since}
    ${w.apiId ? Prisma.sql`AND api_id = ${w.apiId}::uuid` : Prisma.empty}`;

export async function grossByDay(db: Db, w: RevenueWindow): Promise<GrossDay[]> {
  const rows = await db.$queryRaw<Array<{ day: string; invoices: number; sats: bigint | number }>>`
    SELECT to_char(settled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           count(*)::int AS invoices, sum(amount_sats)::bigint AS sats
    FROM challenges WHERE ${where(w)}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, invoices: r.invoices, grossSats: Number(r.sats) }));
}

export async function grossBySale(db: Db, w: RevenueWindow): Promise<Sale[]> {
  const rows = await db.$queryRaw<
    Array<{
      api_id: string;
      service_slug: string | null;
      sold_method: string | null;
      sold_path_pattern: string | null;
      sold_kind: "per_call" | "time_pass" | null;
      calls_granted: number;
      pass_seconds: number | null;
      amount_sats: number;
      invoices: number;
      sats: bigint | number;
    }>
  >`
    SELECT api_id::text AS api_id, service_slug, sold_method, sold_path_pattern, sold_kind::text AS sold_kind,
           calls_granted, pass_seconds, amount_sats, count(*)::int AS invoices, sum(amount_sats)::bigint AS sats
    FROM challenges WHERE ${where(w)}
    GROUP BY api_id, service_slug, sold_method, sold_path_pattern, sold_kind, calls_granted, pass_seconds, amount_sats
    ORDER BY sats DESC, invoices DESC`;
  return rows.map((r) => ({
    apiId: r.api_id,
    soldSlug: r.service_slug,
    method: r.sold_method,
    pathPattern: r.sold_path_pattern,
    kind: r.sold_kind,
    calls: r.sold_kind === "time_pass" ? null : r.calls_granted,
    passSeconds: r.pass_seconds,
    amountSats: r.amount_sats,
    invoices: r.invoices,
    grossSats: Number(r.sats),
  }));
}
