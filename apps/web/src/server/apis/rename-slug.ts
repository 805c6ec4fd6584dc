import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { requireOwnedApi } from "../tenants/access";
import { ZSlug } from "./api-input";
import { toApiView } from "./api-view";
import { isUniqueViolation } from "./create-api";
import { claimSlug, lockSlugs, reserveSlug } from "./slug-reservation";

export const ZRenameSlugRequestSchema = z.object({ apiId: z.string().uuid(), slug: ZSlug });

/**
 * Claims a new subdomain for the API. The old one stays reserved to the tenant for the grace
 * period (slug-reservation.ts), and the gateway redirects it (308) to the new one meanwhile.
 */
export async function renameSlug(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZRenameSlugRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  if (api.slug === input.slug) throw new AppError("bad_request", "That is already the API's slug.");
  try {
    const updated = await db.$transaction(async (tx) => {
      await lockSlugs(tx, [api.slug, input.slug]);
      await claimSlug(tx, api.tenantId, input.slug);
      const moved = await tx.api.update({
        where: { id: api.id },
        data: { slug: input.slug },
        include: { pricingRules: true },
      });
      await reserveSlug(tx, { slug: api.slug, tenantId: api.tenantId, apiId: api.id, reason: "renamed" });
      return moved;
    });
    await recordAudit(db, {
      tenantId: api.tenantId,
      actorId: user.id,
      action: "api.slug_changed",
      target: input.slug,
      details: { from: api.slug, to: input.slug },
    });
    return toApiView(updated);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("conflict", `The slug "${input.slug}" is taken. Pick another one.`);
    throw err;
  }
}
