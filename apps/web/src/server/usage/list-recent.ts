import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireTenant } from "../tenants/access";
import { SERVED } from "./get-usage";

export const ZListRecentRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  apiId: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** Settled invoices: the money that actually arrived on the provider's node. */
export async function listRecentPayments(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZListRecentRequestSchema>,
) {
  const tenantId = requireTenant(user, input.tenantId);
  const rows = await db.challenge.findMany({
    where: { tenantId, state: "settled", ...(input.apiId ? { apiId: input.apiId } : {}) },
    orderBy: { settledAt: "desc" },
    take: input.limit,
    include: { api: { select: { slug: true, name: true } } },
  });
  return rows.map((c) => ({
    id: c.id,
    apiSlug: c.api.slug,
    apiName: c.api.name,
    amountSats: c.amountSats,
    callsGranted: c.callsGranted,
    // The payment hash is public (it is in the invoice); show a short form to match with a wallet.
    paymentHash: c.paymentHash,
    settledAt: (c.settledAt ?? c.createdAt).toISOString(),
  }));
}

/** The latest calls through the gateway, paid or free. */
export async function listRecentCalls(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZListRecentRequestSchema>,
) {
  const tenantId = requireTenant(user, input.tenantId);
  const rows = await db.usageEvent.findMany({
    where: { tenantId, ...SERVED, ...(input.apiId ? { apiId: input.apiId } : {}) },
    orderBy: { occurredAt: "desc" },
    take: input.limit,
  });
  // usage_events has no foreign key (it is the gateway's hot write path), so no relation to join.
  const apis = await db.api.findMany({ where: { tenantId }, select: { id: true, slug: true } });
  const slugOf = new Map(apis.map((a) => [a.id, a.slug]));
  return rows.map((e) => ({
    id: e.id,
    apiSlug: slugOf.get(e.apiId) ?? "(deleted)",
    method: e.method,
    route: e.route,
    status: e.status,
    latencyMs: e.latencyMs,
    sats: e.sats,
    free: e.free,
    occurredAt: e.occurredAt.toISOString(),
  }));
}
