import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireTenant } from "../tenants/access";
import { toConnectionView } from "./connection-view";

export const ZListConnectionsRequestSchema = z.object({ tenantId: z.string().uuid().optional() });

export async function listConnections(db: Db, user: SessionUser, tenantIdInput?: string) {
  const tenantId = requireTenant(user, tenantIdInput);
  const rows = await db.lightningConnection.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" } });
  return rows.map(toConnectionView);
}
