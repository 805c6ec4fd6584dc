import { z } from "zod";
import { apiLifecycle } from "../../lib/api-lifecycle";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { nudgeQuoteRefresh } from "../quotes/quote-refresher";
import { requireOwnedApi } from "../tenants/access";
import { toApiView } from "./api-view";

/**
 * The dashboard's lifecycle actions (the dashboard asks for confirmation first; each is audited):
 * publish (draft → published), unpublish (published or paused → draft), pause and resume
 * (published ↔ paused). Only a published API is listed, sold and proxied by the gateway; a draft
 * or paused one answers 503 `api_unavailable`. Asking for the state the API is already in changes
 * nothing and records nothing.
 */
export const ZSetPublishedRequestSchema = z.object({ apiId: z.string().uuid(), published: z.boolean() });
export const ZSetPausedRequestSchema = z.object({ apiId: z.string().uuid(), paused: z.boolean() });

type OwnedApi = Awaited<ReturnType<typeof requireOwnedApi>>;

function refuseDisabled(api: OwnedApi) {
  if (api.status === "disabled") {
    throw new AppError("forbidden", "The operator has disabled this API; it cannot be changed from here.");
  }
}

async function apply(
  db: Db,
  user: SessionUser,
  api: OwnedApi,
  data: { published: boolean; status: "active" | "paused" },
  action: "api.published" | "api.unpublished" | "api.paused" | "api.resumed",
) {
  const updated = await db.api.update({ where: { id: api.id }, data, include: { pricingRules: true } });
  nudgeQuoteRefresh(api.id);
  await recordAudit(db, { tenantId: api.tenantId, actorId: user.id, action, target: api.slug });
  return toApiView(updated);
}

/** Publishing needs a way to get paid and at least one pricing rule. */
export async function setPublished(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZSetPublishedRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  refuseDisabled(api);
  const state = apiLifecycle(api);
  if (input.published) {
    if (state === "published") return toApiView({ ...api, pricingRules: await rulesOf(db, api.id) });
    if (state === "paused") throw new AppError("bad_request", "This API is paused: resume it instead.");
    if (!api.lightningConnectionId) {
      throw new AppError("bad_request", "Connect a Lightning node before publishing, so you can be paid.");
    }
    const rules = await db.pricingRule.count({ where: { apiId: api.id } });
    if (rules === 0) throw new AppError("bad_request", "Add at least one pricing rule before publishing.");
    return apply(db, user, api, { published: true, status: "active" }, "api.published");
  }
  if (state === "draft") return toApiView({ ...api, pricingRules: await rulesOf(db, api.id) });
  return apply(db, user, api, { published: false, status: "active" }, "api.unpublished");
}

export async function setPaused(db: Db, user: SessionUser, input: z.output<typeof ZSetPausedRequestSchema>) {
  const api = await requireOwnedApi(db, user, input.apiId);
  refuseDisabled(api);
  const state = apiLifecycle(api);
  if (state === "draft")
    throw new AppError("bad_request", "Only a published API can be paused: publish it first.");
  if ((state === "paused") === input.paused)
    return toApiView({ ...api, pricingRules: await rulesOf(db, api.id) });
  return input.paused
    ? apply(db, user, api, { published: true, status: "paused" }, "api.paused")
    : apply(db, user, api, { published: true, status: "active" }, "api.resumed");
}

function rulesOf(db: Db, apiId: string) {
  return db.pricingRule.findMany({ where: { apiId } });
}
