import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { sealUpstreamSecret } from "../secrets";
import { requireTenant } from "../tenants/access";
import { ZApiDetails, ZHeaderName, ZSlug, ZUpstreamUrl } from "./api-input";
import { toApiView } from "./api-view";
import { claimSlug, reservedError, slugReservedForOther } from "./slug-reservation";
import { vetUpstream } from "./upstream-policy";

export const ZCreateApiRequestSchema = ZApiDetails.extend({
  tenantId: z.string().uuid().optional(),
  slug: ZSlug,
  upstreamBaseUrl: ZUpstreamUrl,
  upstreamSecretHeader: ZHeaderName.optional(),
  upstreamSecret: z.string().max(4000).optional(),
});
export type CreateApiRequest = z.input<typeof ZCreateApiRequestSchema>;

export async function createApi(db: Db, user: SessionUser, input: z.output<typeof ZCreateApiRequestSchema>) {
  const tenantId = requireTenant(user, input.tenantId);
  const taken = await db.api.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (taken) throw new AppError("conflict", `The slug "${input.slug}" is taken. Pick another one.`);
  if (await slugReservedForOther(db, tenantId, input.slug)) throw reservedError(input.slug);
  const upstream = await vetUpstream(input.upstreamBaseUrl);
  const secret = input.upstreamSecret?.length ? input.upstreamSecret : undefined;
  if (secret && !input.upstreamSecretHeader) {
    throw new AppError("bad_request", "Say which header the upstream expects the secret in.");
  }
  const sealed = secret ? sealUpstreamSecret(tenantId, upstream.url, secret) : null;
  // New APIs are paid into the team's current Lightning node, if it has one.
  const connection = await db.lightningConnection.findFirst({
    where: { tenantId },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  try {
    const api = await db.$transaction(async (tx) => {
      await claimSlug(tx, tenantId, input.slug);
      return tx.api.create({
        data: {
          tenantId,
          slug: input.slug,
          name: input.name,
          description: input.description,
          category: input.category,
          upstreamBaseUrl: upstream.url,
          allowPrivateUpstream: upstream.allowPrivateUpstream,
          upstreamSecretHeader: input.upstreamSecretHeader ?? null,
          upstreamSecretCipher: sealed?.cipher ?? null,
          upstreamSecretKeyVersion: sealed?.keyVersion ?? null,
          lightningConnectionId: connection?.id ?? null,
        },
        include: { pricingRules: true },
      });
    });
    await recordAudit(db, {
      tenantId,
      actorId: user.id,
      action: "api.created",
      target: api.slug,
      details: { name: api.name, upstream: upstream.url, secretSet: Boolean(sealed) },
    });
    return toApiView(api);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("conflict", `The slug "${input.slug}" is taken. Pick another one.`);
    throw err;
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
