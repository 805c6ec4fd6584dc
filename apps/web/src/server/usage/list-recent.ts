import { z } from "zod";
import { paymentLabel } from "../../lib/format";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireUsageTenant } from "../tenants/access";
import { SERVED } from "./get-usage";

export const ZListRecentRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  apiId: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/**
 * Settled invoices: the money that actually arrived on the provider's node, with what each bought.
 * The challenge row carries its tenant, API and sold scope itself, so a payment for an API that
 * was renamed, archived or removed since still shows (under the slug it was sold under).
 */
export async function listRecentPayments(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZListRecentRequestSchema>,
) {
  const tenantId = await requireUsageTenant(db, user, input);
  const rows = await db.challenge.findMany({
    where: { tenantId, state: "settled", ...(input.apiId ? { apiId: input.apiId } : {}) },
    orderBy: { settledAt: "desc" },
    take: input.limit,
  });
  const apis = await db.api.findMany({
    where: { tenantId, id: { in: [...new Set(rows.map((c) => c.apiId))] } },
    select: { id: true, slug: true, name: true },
  });
  const apiOf = new Map(apis.map((a) => [a.id, a]));
  return rows.map((c) => {
    const api = apiOf.get(c.apiId);
    return {
      id: c.id,
      apiSlug: api?.slug ?? c.serviceSlug ?? "unknown",
      apiName: api?.name ?? `${c.serviceSlug ?? "unknown"} (deleted)`,
      amountSats: c.amountSats,
      callsGranted: c.callsGranted,
      method: c.soldMethod,
      pathPattern: c.soldPathPattern,
      /** What the payment bought: "10 calls for 100 sats". */
      label: paymentLabel({
        kind: c.soldKind ?? (c.callsGranted === 0 ? "time_pass" : "per_call"),
        calls: c.callsGranted,
        passSeconds: c.passSeconds,
        amountSats: c.amountSats,
      }),
      // The payment hash is public (it is in the invoice); show a short form to match with a wallet.
      paymentHash: c.paymentHash,
      settledAt: (c.settledAt ?? c.createdAt).toISOString(),
    };
  });
}

/** The latest calls through the gateway, paid or free. */
export async function listRecentCalls(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZListRecentRequestSchema>,
) {
  const tenantId = await requireUsageTenant(db, user, input);
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
