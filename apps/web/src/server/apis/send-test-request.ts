import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { requireOwnedApi } from "../tenants/access";
import { callGateway } from "../tryit/gateway-call";
import { ZTryRequest } from "../tryit/try-input";

export const ZSendTestRequestSchema = ZTryRequest.extend({ apiId: z.string().uuid() });

/**
 * Sends one request through the gateway as a builder would (no credential), so the provider sees
 * what the world sees: a 402 with the price on paid routes, the upstream's answer on free ones.
 */
export async function sendTestRequest(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZSendTestRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  let result: Awaited<ReturnType<typeof callGateway>>;
  try {
    result = await callGateway(api.slug, { method: input.method, path: input.path, body: input.body });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("unavailable", "The gateway did not answer. Is it running?");
  }
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.test_request",
    target: api.slug,
    details: { method: input.method, path: input.path.slice(0, 200), status: result.status, ms: result.ms },
  });
  return {
    status: result.status,
    ms: result.ms,
    contentType: result.contentType,
    body: result.body.slice(0, 4000),
    priceSats: result.challenge?.amountSats ?? null,
    invoice: result.challenge?.invoice ?? null,
  };
}
