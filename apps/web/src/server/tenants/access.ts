import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";

/**
 * Tenant ownership, checked on the server for every procedure: a tenant id or an API id that the
 * caller is not a member of is reported as not found, so ids of other tenants reveal nothing.
 */
export function requireTenant(user: SessionUser, tenantId?: string): string {
  if (tenantId === undefined) {
    const first = user.tenants[0];
    if (!first) throw new AppError("forbidden", "Your account has no team yet.");
    return first.id;
  }
  if (!user.tenants.some((t) => t.id === tenantId)) throw new AppError("not_found", "No such team.");
  return tenantId;
}

export async function requireOwnedApi(db: Db, user: SessionUser, apiId: string) {
  const api = await db.api.findFirst({
    // An archived (deleted) API is kept for its payment records only: nothing can change it.
    where: { id: apiId, tenantId: { in: user.tenants.map((t) => t.id) }, archivedAt: null },
  });
  if (!api) throw new AppError("not_found", "No such API in your team.");
  return api;
}

/**
 * The tenant a usage or payments question is about: the API's, when one is named (and it must be
 * the caller's), else the named or first team of the caller.
 */
export async function requireUsageTenant(
  db: Db,
  user: SessionUser,
  input: { tenantId?: string; apiId?: string },
): Promise<string> {
  return input.apiId
    ? (await requireOwnedApi(db, user, input.apiId)).tenantId
    : requireTenant(user, input.tenantId);
}

export async function requireOwnedConnection(db: Db, user: SessionUser, connectionId: string) {
  const conn = await db.lightningConnection.findFirst({
    where: { id: connectionId, tenantId: { in: user.tenants.map((t) => t.id) } },
  });
  if (!conn) throw new AppError("not_found", "No such Lightning connection in your team.");
  return conn;
}
