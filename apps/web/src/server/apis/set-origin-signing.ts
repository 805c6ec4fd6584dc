import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { mintOriginSigningSecret } from "../secrets";
import { requireOwnedApi } from "../tenants/access";
import { toApiView } from "./api-view";

/**
 * Origin signing on (a new secret; when it was on already, a rotation: the old secret stops
 * working as soon as the gateway reloads) or off. The new secret is returned this once and never
 * again: only its sealed form is stored, and the API view says only whether signing is on.
 */
export const ZSetOriginSigningRequestSchema = z.object({
  apiId: z.string().uuid(),
  on: z.boolean(),
});

export async function setOriginSigning(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZSetOriginSigningRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const minted = input.on ? mintOriginSigningSecret(api.tenantId, api.id) : null;
  const updated = await db.api.update({
    where: { id: api.id },
    data: {
      originSigningCipher: minted?.cipher ?? null,
      originSigningKeyVersion: minted?.keyVersion ?? null,
    },
    include: { pricingRules: true },
  });
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: !minted
      ? "api.origin_signing_off"
      : api.originSigningCipher
        ? "api.origin_signing_rotated"
        : "api.origin_signing_on",
    target: api.slug,
    details: {},
  });
  return { api: toApiView(updated), secret: minted?.plaintext ?? null };
}
