import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireOwnedApi, requireTenant } from "../tenants/access";
import { toApiView } from "./api-view";

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
