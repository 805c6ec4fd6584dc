import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireOwnedApi } from "../tenants/access";

export const ZDeleteApiRequestSchema = z.object({ apiId: z.string().uuid() });

export async function deleteApi(db: Db, user: SessionUser, input: z.output<typeof ZDeleteApiRequestSchema>) {
  const api = await requireOwnedApi(db, user, input.apiId);
  // Usage events carry no foreign key (see the schema), so they go in the same transaction.
  await db.$transaction([
    db.usageEvent.deleteMany({ where: { apiId: api.id } }),
    db.api.delete({ where: { id: api.id } }),
  ]);
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.deleted",
    target: api.slug,
  });
  return { ok: true as const };
}
