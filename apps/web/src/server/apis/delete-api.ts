import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { nudgeQuoteRefresh } from "../quotes/quote-refresher";
import { requireOwnedApi } from "../tenants/access";
import { lockSlugs, reserveSlug } from "./slug-reservation";

export const ZDeleteApiRequestSchema = z.object({ apiId: z.string().uuid() });

/** The slug an archived API's row keeps: never a valid slug, so it never collides or resolves. */
export const archivedSlugOf = (apiId: string) => `~${apiId}`;

/**
 * Deleting archives: the row stays, so its challenges (payments), usage events, root keys and
 * rules stay for the record and the revenue numbers. It leaves the dashboard, the catalog and the
 * gateway; its slug is reserved to the tenant for the grace period (the gateway answers 410).
 */
export async function deleteApi(db: Db, user: SessionUser, input: z.output<typeof ZDeleteApiRequestSchema>) {
  const api = await requireOwnedApi(db, user, input.apiId);
  await db.$transaction(async (tx) => {
    await lockSlugs(tx, [api.slug]);
    await tx.api.update({
      where: { id: api.id },
      data: { archivedAt: new Date(), published: false, slug: archivedSlugOf(api.id) },
    });
    await reserveSlug(tx, { slug: api.slug, tenantId: api.tenantId, apiId: api.id, reason: "deleted" });
  });
  nudgeQuoteRefresh(api.id);
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.deleted",
    target: api.slug,
    details: { name: api.name },
  });
  return { ok: true as const };
}
