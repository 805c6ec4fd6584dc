import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireOwnedApi, requireTenant } from "../tenants/access";
import { toApiView } from "./api-view";

/** The dashboard lists the team it shows; a script may name one of its teams. */
export const ZListApisRequestSchema = z.object({ tenantId: z.string().uuid().optional() });
export const ZGetApiRequestSchema = z.object({ apiId: z.string().uuid() });

export async function listApis(db: Db, user: SessionUser, tenantId?: string) {
  const owned = requireTenant(user, tenantId);
  const apis = await db.api.findMany({
    where: { tenantId: owned, archivedAt: null },
    include: { pricingRules: true },
    orderBy: { createdAt: "asc" },
  });
  return apis.map(toApiView);
}

export async function getApi(db: Db, user: SessionUser, apiId: string) {
  const api = await requireOwnedApi(db, user, apiId);
  const rules = await db.pricingRule.findMany({ where: { apiId: api.id } });
  return toApiView({ ...api, pricingRules: rules });
}
