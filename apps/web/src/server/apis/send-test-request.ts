import { z } from "zod";
import { apiLifecycle } from "../../lib/api-lifecycle";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { requireOwnedApi } from "../tenants/access";
import { callGateway } from "../tryit/gateway-call";
import { ZTryRequest } from "../tryit/try-input";

export const ZSendTestRequestSchema = ZTryRequest.extend({ apiId: z.string().uuid() });

/**
 * How long a test request waits for the gateway to catch up with a publish. The gateway reloads
 * its config within about a second of a change (apps/gateway/src/config/config-store.ts), so a
 * test sent the moment Publish returns can still meet the draft state and a 503.
 */
const CONFIG_CATCH_UP_MS = 5_000;

type TestCall = Parameters<typeof callGateway>[1];

/**
 * Calls the gateway, and while it still answers "not published" for an API that is published
 * here, asks again: that 503 means the gateway forwarded nothing (so a POST can be re-sent) and
 * has not loaded the change yet. Any other answer, or the catch-up window running out, is final.
 */
async function callOnceCurrent(slug: string, published: boolean, req: TestCall) {
  const deadline = Date.now() + CONFIG_CATCH_UP_MS;
  for (;;) {
    const result = await callGateway(slug, req);
    const stale = published && result.status === 503 && result.errorCode === "api_unavailable";
    if (!stale || Date.now() >= deadline) return result;
    await new Promise((r) => setTimeout(r, 200));
  }
}

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
    const published = apiLifecycle(api) === "published";
    result = await callOnceCurrent(api.slug, published, {
      method: input.method,
      path: input.path,
      body: input.body,
    });
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
