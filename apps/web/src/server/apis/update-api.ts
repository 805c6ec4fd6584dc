import { ZMaxStreamSeconds } from "@tollbooth/contract";
import { upstreamOrigin } from "@tollbooth/upstream-guard";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { sealUpstreamSecret } from "../secrets";
import { requireOwnedApi } from "../tenants/access";
import { API_CATEGORIES, ZAllowedOrigins, ZHealthPath, ZUpstreamUrl } from "./api-input";
import { toApiView } from "./api-view";
import { vetUpstream } from "./upstream-policy";

export const ZUpdateApiRequestSchema = z.object({
  apiId: z.string().uuid(),
  name: z.string().trim().min(2, "Give the API a name of at least 2 characters.").max(80).optional(),
  description: z.string().trim().max(500).optional(),
  category: z.enum(API_CATEGORIES).optional(),
  upstreamBaseUrl: ZUpstreamUrl.optional(),
  /**
   * The upstream secret, re-entered. A secret is sealed for one upstream origin: moving the API to
   * another origin clears it unless the new one's secret comes in the same update.
   */
  upstreamSecret: z.string().min(1, "Enter the secret, or leave it out.").max(4000).optional(),
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
  /** The path the gateways' health checks ask for; null or "" = chosen by the gateway. */
  healthPath: ZHealthPath.optional(),
  /** The longest a streamed (SSE) response may run through the gateway, 1..3600 s. */
  maxStreamSeconds: ZMaxStreamSeconds.optional(),
});

export async function updateApi(db: Db, user: SessionUser, input: z.output<typeof ZUpdateApiRequestSchema>) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const upstream = input.upstreamBaseUrl ? await vetUpstream(input.upstreamBaseUrl) : undefined;
  const upstreamBaseUrl = upstream?.url ?? api.upstreamBaseUrl;
  const fromOrigin = upstreamOrigin(api.upstreamBaseUrl);
  const toOrigin = upstreamOrigin(upstreamBaseUrl);
  const originChanged = fromOrigin !== toOrigin;
  if (input.upstreamSecret !== undefined && !api.upstreamSecretHeader) {
    throw new AppError("bad_request", "Set the secret's header first (the upstream secret settings).");
  }
  // The secret opens only for the origin it was sealed for: a new origin gets a new secret or none.
  const sealed =
    input.upstreamSecret !== undefined
      ? sealUpstreamSecret(api.tenantId, upstreamBaseUrl, input.upstreamSecret)
      : undefined;
  const clearsSecret = sealed === undefined && originChanged && api.upstreamSecretCipher !== null;
  // Conditional on the upstream we read: a concurrent change of it makes this a conflict rather
  // than a secret sealed for one origin landing on a row that points at another.
  const { count } = await db.api.updateMany({
    where: { id: api.id, upstreamBaseUrl: api.upstreamBaseUrl },
    data: {
      name: input.name,
      description: input.description,
      category: input.category,
      tokenValiditySeconds: input.tokenValiditySeconds,
      freeTierCalls: input.freeTierCalls,
      freeTierWindowSeconds: input.freeTierWindowSeconds,
      strictPathMatching: input.strictPathMatching,
      allowedOrigins: input.allowedOrigins,
      healthPath: input.healthPath,
      maxStreamSeconds: input.maxStreamSeconds,
      ...(upstream
        ? { upstreamBaseUrl: upstream.url, allowPrivateUpstream: upstream.allowPrivateUpstream }
        : {}),
      ...(sealed ? { upstreamSecretCipher: sealed.cipher, upstreamSecretKeyVersion: sealed.keyVersion } : {}),
      ...(clearsSecret ? { upstreamSecretCipher: null, upstreamSecretKeyVersion: null } : {}),
    },
  });
  if (count === 0) {
    throw new AppError(
      "conflict",
      "The API's upstream changed while you were editing it. Reload and try again.",
    );
  }
  const updated = await db.api.findUniqueOrThrow({ where: { id: api.id }, include: { pricingRules: true } });
  const changed = Object.keys(input).filter(
    (k) => k !== "apiId" && k !== "upstreamSecret" && input[k as keyof typeof input] !== undefined,
  );
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.updated",
    target: api.slug,
    details: {
      fields: changed.join(","),
      ...(originChanged ? { upstreamOrigin: `${fromOrigin ?? "?"} → ${toOrigin ?? "?"}` } : {}),
    },
  });
  if (sealed || clearsSecret) {
    await recordAudit(db, {
      tenantId: api.tenantId,
      actorId: user.id,
      action: sealed ? "api.upstream_secret_set" : "api.upstream_secret_cleared",
      target: api.slug,
      details: {
        header: api.upstreamSecretHeader ?? "",
        ...(originChanged
          ? { reason: "upstream_origin_changed", from: fromOrigin ?? "", to: toOrigin ?? "" }
          : {}),
      },
    });
  }
  return toApiView(updated);
}
