import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { ApiKeyScope } from "./api-key-input";
import { hashApiKey, looksLikeApiKey, sameHash } from "./api-key-token";

/** Who a request with a valid key acts as: the key's creator, inside the key's team only. */
export interface KeyPrincipal {
  keyId: string;
  scope: ApiKeyScope;
  user: SessionUser;
}

/** last_used_at is written at most this often per key, so a busy script costs no write per call. */
const LAST_USED_GRANULARITY_MS = 60_000;

const BAD_KEY = "The API key is missing, malformed, unknown or revoked.";

/** The bearer token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (!value) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value);
  return match?.[1] ?? "";
}

/**
 * Resolves a presented key to its principal, or throws a 401 AppError. The lookup is by the
 * key's sha256 (unique index), and the stored hash is compared again in constant time, so
 * nothing about a stored key leaks through timing. A revoked key, or one whose creator has left
 * the team, no longer works: a key never grants more than its creator has.
 */
export async function authenticateApiKey(db: Db, presented: string | undefined): Promise<KeyPrincipal> {
  if (!presented || !looksLikeApiKey(presented)) throw new AppError("unauthorized", BAD_KEY);
  const hash = hashApiKey(presented);
  const key = await db.apiKey.findUnique({
    where: { keyHash: hash },
    include: {
      tenant: { select: { id: true, name: true } },
      createdBy: { select: { id: true, email: true, name: true } },
    },
  });
  if (!key || !sameHash(key.keyHash, hash) || key.revokedAt) throw new AppError("unauthorized", BAD_KEY);
  const membership = await db.tenantMember.findUnique({
    where: { tenantId_userId: { tenantId: key.tenantId, userId: key.createdById } },
    select: { role: true },
  });
  if (!membership) throw new AppError("unauthorized", BAD_KEY);
  await db.apiKey.updateMany({
    where: {
      id: key.id,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - LAST_USED_GRANULARITY_MS) } }],
    },
    data: { lastUsedAt: new Date() },
  });
  return {
    keyId: key.id,
    scope: key.scope === "write" ? "write" : "read",
    user: {
      id: key.createdBy.id,
      email: key.createdBy.email,
      name: key.createdBy.name,
      tenants: [{ id: key.tenant.id, name: key.tenant.name, role: membership.role }],
    },
  };
}
