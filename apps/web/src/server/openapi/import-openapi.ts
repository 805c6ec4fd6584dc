/**
 * "Import OpenAPI 3" on an API's pricing page: `previewOpenApiImport` reads the pasted document
 * and answers the plan (routes to create / document) with its hash; `applyOpenApiImport` reads it
 * again, recomputes the plan under a lock on the API row, and writes it only if the hash is the
 * one the provider confirmed — a preview made stale by another save is refused with 409.
 */
import { MAX_PRICE_SATS } from "@tollbooth/contract";
import { z } from "zod";
import { routeDocsColumn } from "../apis/set-route-docs";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { nudgeQuoteRefresh } from "../quotes/quote-refresher";
import { requireOwnedApi } from "../tenants/access";
import { MAX_OPENAPI_CHARS, parseOpenApiText } from "./parse-document";
import { planImport } from "./plan-import";
import { readOperations } from "./read-operations";

/** As set-pricing-rules.ts caps them. */
const MAX_RULES = 50;

export const ZPreviewOpenApiRequestSchema = z.object({
  apiId: z.string().uuid(),
  document: z
    .string()
    .max(
      MAX_OPENAPI_CHARS,
      `The OpenAPI document is at most ${MAX_OPENAPI_CHARS.toLocaleString("en-US")} characters.`,
    ),
  /** The price of routes the document adds (an operation's own `x-l402` price wins). */
  newRoutes: z.object({
    kind: z.enum(["free", "per_call"]),
    priceSats: z.number().int().min(0).max(MAX_PRICE_SATS),
  }),
});

export const ZApplyOpenApiRequestSchema = ZPreviewOpenApiRequestSchema.extend({
  planHash: z.string().regex(/^[0-9a-f]{64}$/, "planHash is the hash the preview answered."),
});

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function computePlan(db: Db | Tx, apiId: string, input: z.output<typeof ZPreviewOpenApiRequestSchema>) {
  const imported = readOperations(parseOpenApiText(input.document));
  const rules = await db.pricingRule.findMany({ where: { apiId } });
  const plan = planImport(rules, imported, input.newRoutes);
  const total = rules.length + plan.routes.filter((r) => r.action === "create").length;
  if (total > MAX_RULES) {
    throw new AppError(
      "bad_request",
      `Importing would give the API ${total} routes; an API has up to ${MAX_RULES}. Remove some paths from the document first.`,
    );
  }
  return { ...plan, maxPosition: Math.max(-1, ...rules.map((r) => r.position)) };
}

function summarise(routes: { action: string }[]) {
  const count = (a: string) => routes.filter((r) => r.action === a).length;
  return { create: count("create"), update: count("update"), unchanged: count("unchanged") };
}

export async function previewOpenApiImport(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZPreviewOpenApiRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const { routes, planHash } = await computePlan(db, api.id, input);
  return { routes, planHash, summary: summarise(routes) };
}

export async function applyOpenApiImport(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZApplyOpenApiRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const routes = await db.$transaction(async (tx) => {
    // Serialises with another import of this API; a pricing save in between changes rule ids,
    // so the recomputed hash differs and this import is refused rather than applied on top.
    await tx.$queryRaw`SELECT id FROM apis WHERE id = ${api.id}::uuid FOR UPDATE`;
    const plan = await computePlan(tx, api.id, input);
    if (plan.planHash !== input.planHash) {
      throw new AppError(
        "conflict",
        "The API's routes changed since this preview. Preview the import again.",
      );
    }
    let position = plan.maxPosition;
    for (const r of plan.routes) {
      if (r.action === "update" && r.ruleId) {
        await tx.pricingRule.update({ where: { id: r.ruleId }, data: { docs: routeDocsColumn(r.docs) } });
      } else if (r.action === "create") {
        position += 1;
        await tx.pricingRule.create({
          data: {
            apiId: api.id,
            position,
            method: r.method,
            pathPattern: r.pathPattern,
            kind: r.kind,
            priceSats: r.priceSats,
            callsPerToken: r.callsPerToken,
            passSeconds: r.passSeconds,
            docs: routeDocsColumn(r.docs),
          },
        });
      }
    }
    await tx.api.update({ where: { id: api.id }, data: { updatedAt: new Date() } });
    return plan.routes;
  });
  const summary = summarise(routes);
  if (summary.create > 0) nudgeQuoteRefresh(api.id);
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.openapi_imported",
    target: api.slug,
    details: {
      ...summary,
      created: routes
        .filter((r) => r.action === "create")
        .map((r) => `${r.method} ${r.pathPattern} ${r.kind === "free" ? "free" : `${r.priceSats} sat`}`)
        .join("; ")
        .slice(0, 500),
    },
  });
  return { routes, summary };
}
