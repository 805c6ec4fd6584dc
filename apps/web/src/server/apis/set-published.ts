import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { nudgeQuoteRefresh } from "../quotes/quote-refresher";
import { requireOwnedApi } from "../tenants/access";
import { toApiView } from "./api-view";

export const ZSetPublishedRequestSchema = z.object({ apiId: z.string().uuid(), published: z.boolean() });

/** Listing in the hub needs a way to get paid and at least one priced route. */
export async function setPublished(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZSetPublishedRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  if (input.published) {
    if (!api.lightningConnectionId) {
      throw new AppError("bad_request", "Connect a Lightning node before publishing, so you can be paid.");
    }
    const rules = await db.pricingRule.count({ where: { apiId: api.id } });
    if (rules === 0) throw new AppError("bad_request", "Add at least one pricing rule before publishing.");
  }
  const updated = await db.api.update({
    where: { id: api.id },
    data: { published: input.published },
    include: { pricingRules: true },
  });
  nudgeQuoteRefresh(api.id);
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: input.published ? "api.published" : "api.unpublished",
    target: api.slug,
  });
  return toApiView(updated);
}
