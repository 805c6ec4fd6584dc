import {
  checkPathPattern,
  MAX_CALLS_PER_TOKEN,
  MAX_PAYMENT_SATS,
  MAX_PRICE_SATS,
  PRICING_METHODS,
  paymentSats,
  RouteDocs,
} from "@tollbooth/contract";
import { Prisma } from "@tollbooth/db";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { nudgeQuoteRefresh } from "../quotes/quote-refresher";
import { requireOwnedApi } from "../tenants/access";
import { toApiView } from "./api-view";
import { routeDocsColumn } from "./set-route-docs";

const ZPathPattern = z
  .string()
  .trim()
  .superRefine((p, ctx) => {
    const check = checkPathPattern(p);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
  });

const ZSats = z
  .number({ error: "Enter the price as a whole number of sats." })
  .int("Enter the price as a whole number of sats.")
  .min(0, "A price cannot be negative.")
  .max(MAX_PRICE_SATS, `A price is at most ${MAX_PRICE_SATS.toLocaleString("en-US")} sats per call.`);

export const ZPricingRuleInput = z
  .object({
    method: z.enum(PRICING_METHODS).default("*"),
    pathPattern: ZPathPattern,
    kind: z.enum(["free", "per_call", "time_pass"]).default("per_call"),
    priceSats: ZSats.default(0),
    callsPerToken: z.number().int().min(1).max(MAX_CALLS_PER_TOKEN).default(1),
    passSeconds: z
      .number()
      .int()
      .min(60)
      .max(365 * 86400)
      .nullable()
      .default(null),
    /**
     * Left out: the docs the route had (same method and path pattern) are kept, so a pricing
     * edit never erases them; null clears them; an object replaces them.
     */
    docs: RouteDocs.nullable().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind !== "free" && r.priceSats < 1) {
      ctx.addIssue({ code: "custom", message: `${r.pathPattern}: a paid route costs at least 1 sat.` });
    }
    if (r.kind === "time_pass" && !r.passSeconds) {
      ctx.addIssue({ code: "custom", message: `${r.pathPattern}: say how long the time pass lasts.` });
    }
    if (paymentSats(r) > MAX_PAYMENT_SATS) {
      ctx.addIssue({
        code: "custom",
        message: `${r.pathPattern}: one payment (price × calls per payment) may ask at most ${MAX_PAYMENT_SATS.toLocaleString("en-US")} sats.`,
      });
    }
  });

/** What a path no rule matches costs: refused (404, never charged or proxied), free, or per call. */
export const ZDefaultRouteInput = z
  .object({
    kind: z.enum(["refuse", "free", "per_call"], {
      error: "The default for unmatched paths is refuse, free or per_call.",
    }),
    priceSats: ZSats.default(0),
    callsPerToken: z.number().int().min(1).max(MAX_CALLS_PER_TOKEN).default(1),
  })
  .superRefine((d, ctx) => {
    if (d.kind === "per_call" && d.priceSats < 1) {
      ctx.addIssue({ code: "custom", message: "Unmatched paths: a paid default costs at least 1 sat." });
    }
    // One payment is price × calls, stored as a 32-bit sat amount on the challenge.
    if (d.kind === "per_call" && paymentSats({ ...d, kind: d.kind }) > MAX_PAYMENT_SATS) {
      ctx.addIssue({
        code: "custom",
        message: `Unmatched paths: one payment (price × calls per payment) may ask at most ${MAX_PAYMENT_SATS.toLocaleString("en-US")} sats.`,
      });
    }
  });

export const ZSetPricingRulesRequestSchema = z.object({
  apiId: z.string().uuid(),
  rules: z.array(ZPricingRuleInput).max(50, "Up to 50 rules per API."),
  /** Left out: the API's default stays as it is. */
  defaultRoute: ZDefaultRouteInput.optional(),
});

/**
 * Replaces the API's rules (their order is the order the gateway tries them in) and, when given,
 * its default route. A rule shadowed by an earlier one is saved as asked: the editor flags it
 * before saving (lib/shadowed-rules.ts), since the provider may be mid-way through a reorder.
 */
export async function setPricingRules(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZSetPricingRulesRequestSchema>,
) {
  const api = await requireOwnedApi(db, user, input.apiId);
  const updated = await db.$transaction(async (tx) => {
    const before = await tx.pricingRule.findMany({
      where: { apiId: api.id },
      select: { method: true, pathPattern: true, docs: true },
    });
    const keptDocs = new Map(before.map((r) => [`${r.method} ${r.pathPattern}`, r.docs]));
    await tx.pricingRule.deleteMany({ where: { apiId: api.id } });
    if (input.rules.length > 0) {
      await tx.pricingRule.createMany({
        data: input.rules.map((r, position) => ({
          apiId: api.id,
          position,
          method: r.method,
          pathPattern: r.pathPattern,
          kind: r.kind,
          priceSats: r.kind === "free" ? 0 : r.priceSats,
          callsPerToken: r.callsPerToken,
          passSeconds: r.kind === "time_pass" ? r.passSeconds : null,
          docs: docsToStore(r.docs, keptDocs.get(`${r.method} ${r.pathPattern}`)),
        })),
      });
    }
    const d = input.defaultRoute;
    return tx.api.update({
      where: { id: api.id },
      data: {
        updatedAt: new Date(),
        ...(d
          ? {
              defaultKind: d.kind,
              defaultPriceSats: d.kind === "per_call" ? d.priceSats : 0,
              defaultCallsPerToken: d.kind === "per_call" ? d.callsPerToken : 1,
            }
          : {}),
      },
      include: { pricingRules: true },
    });
  });
  nudgeQuoteRefresh(api.id);
  await recordAudit(db, {
    tenantId: api.tenantId,
    actorId: user.id,
    action: "api.pricing_updated",
    target: api.slug,
    details: {
      rules: input.rules.length,
      unmatched: input.defaultRoute
        ? input.defaultRoute.kind === "per_call"
          ? `${input.defaultRoute.priceSats} sat`
          : input.defaultRoute.kind
        : null,
      summary: input.rules
        .map((r) => `${r.method} ${r.pathPattern} ${r.kind === "free" ? "free" : `${r.priceSats} sat`}`)
        .join("; ")
        .slice(0, 500),
    },
  });
  return toApiView(updated);
}

/** What `docs` column a saved rule gets: the given docs, none (null), or the route's old ones. */
function docsToStore(
  given: RouteDocs | null | undefined,
  kept: Prisma.JsonValue | undefined,
): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (given === undefined)
    return kept === undefined || kept === null ? Prisma.DbNull : (kept as Prisma.InputJsonValue);
  return routeDocsColumn(given);
}
