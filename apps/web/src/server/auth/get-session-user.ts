import type { Db } from "../db";
import { hashSessionToken } from "./session-token";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  /** Tenants the user belongs to; the first is the one the dashboard shows. */
  tenants: { id: string; name: string; role: "owner" | "member" }[];
}

export async function getSessionUser(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    include: {
      user: { include: { memberships: { include: { tenant: true }, orderBy: { createdAt: "asc" } } } },
    },
  });
  if (!session || session.expiresAt.getTime() < Date.now()) return null;
  const { user } = session;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    tenants: user.memberships.map((m) => ({ id: m.tenant.id, name: m.tenant.name, role: m.role })),
  };
}
