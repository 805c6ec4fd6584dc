import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { requireOwnedApi } from "../tenants/access";
import { API_CATEGORIES, ZAllowedOrigins, ZUpstreamUrl } from "./api-input";
import { toApiView } from "./api-view";
import { vetUpstream } from "./upstream-policy";

export const ZUpdateApiRequestSchema = z.object({
  apiId: z.string().uuid(),
  name: z.string().trim().min(2, "Give the API a name of at least 2 characters.").max(80).optional(),
  description: z.string().trim().max(500).optional(),
  category: z.enum(API_CATEGORIES).optional(),
  upstreamBaseUrl: ZUpstreamUrl.optional(),
  tokenValiditySeconds: z
    .number()
    .int()
    .min(60, "Tokens must last at least a minute.")
    .max(365 * 86400)
    .optional(),
  freeTierCalls: z.number().int().min(0).max(1_000_000).optional(),
  freeTierWindowSeconds: z
    .number()
    .int()
    .min(60)
    .max(31 * 86400)
    .optional(),
  /** Pricing compares paths exactly (case, trailing slash) instead of as most routers do. */
  strictPathMatching: z.boolean().optional(),
  /** Browser origins allowed by CORS; [] = any origin. */
  allowedOrigins: ZAllowedOrigins.optional(),
});

export async function updateApi(db: Db, user: SessionUser, input: z.output<typeof ZUpdateApiRequestSchema>) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const upstream = input.upstreamBaseUrl ? await vetUpstream(input.upstreamBaseUrl) : undefined;
  const updated = await db.api.update({
    where: { id: api.id },
    data: {
      name: input.name,
      description: input.description,
      category: input.category,
      tokenValiditySeconds: input.tokenValiditySeconds,
      freeTierCalls: input.freeTierCalls,
      freeTierWindowSeconds: input.freeTierWindowSeconds,
      strictPathMatching: input.strictPathMatching,
      allowedOrigins: input.allowedOrigins,
      ...(upstream
        ? { upstreamBaseUrl: upstream.url, allowPrivateUpstream: upstream.allowPrivateUpstream }
        : {}),
    },
    include: { pricingRules: true },
  });
  const changed = Object.keys(input).filter(
    (k) => k !== "apiId" && input[k as keyof typeof input] !== undefined,
  );
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.updated",
    target: api.slug,
    details: { fields: changed.join(",") },
  });
  return toApiView(updated);
}
