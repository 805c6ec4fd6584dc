import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { sealUpstreamSecret } from "../secrets";
import { requireOwnedApi } from "../tenants/access";
import { ZHeaderName } from "./api-input";
import { toApiView } from "./api-view";

/**
 * Write-only: the secret goes in, is sealed, and never comes back out through the web app. It is
 * sealed for the API's current upstream origin: the gateway can open it only for that origin.
 */
export const ZSetUpstreamSecretRequestSchema = z.object({
  apiId: z.string().uuid(),
  header: ZHeaderName,
  /** null clears the secret. */
  secret: z.string().min(1, "Enter the secret, or clear it.").max(4000).nullable(),
});

export async function setUpstreamSecret(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZSetUpstreamSecretRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const sealed =
    input.secret === null ? null : sealUpstreamSecret(api.tenantId, api.upstreamBaseUrl, input.secret);
  // Only while the upstream is still the one the secret was sealed for (see update-api.ts).
  const { count } = await db.api.updateMany({
    where: { id: api.id, upstreamBaseUrl: api.upstreamBaseUrl },
    data: {
      upstreamSecretHeader: input.header,
      upstreamSecretCipher: sealed?.cipher ?? null,
      upstreamSecretKeyVersion: sealed?.keyVersion ?? null,
    },
  });
  if (count === 0) {
    throw new AppError("conflict", "The API's upstream changed while you were saving the secret. Try again.");
  }
  const updated = await db.api.findUniqueOrThrow({ where: { id: api.id }, include: { pricingRules: true } });
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: sealed ? "api.upstream_secret_set" : "api.upstream_secret_cleared",
    target: api.slug,
    details: { header: input.header },
  });
  return toApiView(updated);
}
