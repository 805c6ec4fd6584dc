import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireTenant } from "../tenants/access";

export const ZListAuditRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export async function listAudit(db: Db, user: SessionUser, input: z.output<typeof ZListAuditRequestSchema>) {
  const tenantId = requireTenant(user, input.tenantId);
  const rows = await db.auditEvent.findMany({
    where: { tenantId },
    orderBy: { createdAt: "desc" },
    take: input.limit,
    include: { actor: { select: { email: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    target: r.target,
    actor: r.actor?.email ?? "system",
    details: (r.details ?? {}) as Record<string, unknown>,
    createdAt: r.createdAt.toISOString(),
  }));
}
