import type { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { requireTenant } from "../tenants/access";
import type {
  ZCreateApiKeyRequestSchema,
  ZListApiKeysRequestSchema,
  ZRevokeApiKeyRequestSchema,
} from "./api-key-input";
import { newApiKey } from "./api-key-token";
import { toApiKeyView } from "./api-key-view";

/** Live keys a team may hold at once: enough for every script, few enough to review. */
export const MAX_ACTIVE_KEYS = 25;

/**
 * Creates a key for the caller's team. The key itself is returned this once and never again:
 * only its hash is stored. Called with a signed-in session only (the dashboard or
 * POST /api/v1/keys): a leaked key must not be able to mint more keys that outlive its revocation.
 */
export async function createApiKey(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZCreateApiKeyRequestSchema>,
) {
  const tenantId = requireTenant(user, input.tenantId);
  const active = await db.apiKey.count({ where: { tenantId, revokedAt: null } });
  if (active >= MAX_ACTIVE_KEYS) {
    throw new AppError(
      "conflict",
      `A team can have at most ${MAX_ACTIVE_KEYS} active API keys. Revoke one you no longer use.`,
    );
  }
  const minted = newApiKey();
  const row = await db.apiKey.create({
    data: {
      tenantId,
      createdById: user.id,
      name: input.name,
      scope: input.scope,
      prefix: minted.prefix,
      keyHash: minted.hash,
    },
  });
  await recordAudit(db, {
    tenantId,
    actorId: user.id,
    action: "api_key.created",
    target: input.name,
    details: { keyId: row.id, scope: input.scope, prefix: minted.prefix },
  });
  return { id: row.id, key: minted.key };
}

export async function listApiKeys(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZListApiKeysRequestSchema>,
) {
  const tenantId = requireTenant(user, input.tenantId);
  const rows = await db.apiKey.findMany({
    where: { tenantId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    include: { createdBy: { select: { email: true } } },
  });
  return rows.map(toApiKeyView);
}

/** Revokes a key of the caller's teams at once (the next request with it is a 401); revoking twice is a no-op. */
export async function revokeApiKey(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZRevokeApiKeyRequestSchema>,
) {
  const key = await db.apiKey.findFirst({
    where: { id: input.keyId, tenantId: { in: user.tenants.map((t) => t.id) } },
  });
  if (!key) throw new AppError("not_found", "No such API key in your team.");
  if (key.revokedAt) return { ok: true as const };
  const { count } = await db.apiKey.updateMany({
    where: { id: key.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count > 0) {
    await recordAudit(db, {
      tenantId: key.tenantId,
      actorId: user.id,
      action: "api_key.revoked",
      target: key.name,
      details: { keyId: key.id, scope: key.scope, prefix: key.prefix },
    });
  }
  return { ok: true as const };
}
