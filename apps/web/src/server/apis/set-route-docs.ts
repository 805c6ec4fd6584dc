import { isEmptyRouteDocs, RouteDocs } from "@tollbooth/contract";
import { Prisma } from "@tollbooth/db";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { requireOwnedApi } from "../tenants/access";
import { toApiView } from "./api-view";

export const ZSetRouteDocsRequestSchema = z.object({
  apiId: z.string().uuid(),
  ruleId: z.string().uuid(),
  /** null (or docs with nothing in them) = undocumented. */
  docs: RouteDocs.nullable(),
});

/** The `pricing_rules.docs` value for a route's docs: none (null) for null or docs with nothing in them. */
export function routeDocsColumn(docs: RouteDocs | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return docs === null || isEmptyRouteDocs(docs) ? Prisma.DbNull : (docs as Prisma.InputJsonValue);
}

/** The docs of one route, edited on the API's pricing page; its price is not touched. */
export async function setRouteDocs(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZSetRouteDocsRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const docs = routeDocsColumn(input.docs);
  const { count } = await db.pricingRule.updateMany({
    where: { id: input.ruleId, apiId: api.id },
    data: { docs },
  });
  if (count === 0)
    throw new AppError("not_found", "No such route on this API (it may have been saved again: reload).");
  const rule = await db.pricingRule.findUniqueOrThrow({ where: { id: input.ruleId } });
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.docs_updated",
    target: api.slug,
    details: { route: `${rule.method} ${rule.pathPattern}`, documented: docs !== Prisma.DbNull },
  });
  const updated = await db.api.findUniqueOrThrow({ where: { id: api.id }, include: { pricingRules: true } });
  return toApiView(updated);
}
