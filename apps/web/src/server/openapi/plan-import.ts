/**
 * What importing an OpenAPI document would do to an API's routes: which rules get docs (update),
 * which are created (at the end of the list, so no existing price changes — a new route an earlier
 * rule covers is flagged `shadowedBy`, as the pricing editor flags it), and which already carry
 * these docs. The plan's hash binds a preview to the rules it was computed on: applying a plan
 * whose rules have changed since is refused (409).
 */
import { createHash } from "node:crypto";
import { type RouteDocs, readRouteDocs } from "@tollbooth/contract";
import { methodCovers, patternCovers, type RuleShape } from "../../lib/shadowed-rules";
import type { PricingRuleView, RuleTerms } from "../apis/api-view";
import { ZPricingRuleInput } from "../apis/set-pricing-rules";
import { openApiProblem } from "./parse-document";
import type { ImportedRoute } from "./read-operations";

/** A rule as stored, with its docs (the dashboard's view of a rule). */
export type ExistingRule = PricingRuleView & { docs: unknown };

export interface NewRoutePrice {
  kind: "free" | "per_call";
  priceSats: number;
}

export interface PlannedRoute extends RuleTerms {
  action: "create" | "update" | "unchanged";
  /** The rule updated (null for a new one). */
  ruleId: string | null;
  docs: RouteDocs;
  /** `METHOD pattern` of an earlier rule that takes every call of this new route, or null. */
  shadowedBy: string | null;
}

/** JSON with object keys sorted, so equal values (jsonb reorders keys) hash and compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const covers = (outer: RuleShape, inner: RuleShape) =>
  methodCovers(outer.method, inner.method) && patternCovers(outer.pathPattern, inner.pathPattern);

export function planImport(
  existing: ExistingRule[],
  imported: ImportedRoute[],
  newRoutes: NewRoutePrice,
): { routes: PlannedRoute[]; planHash: string } {
  const rules = [...existing].sort((a, b) => a.position - b.position);
  const claimed = new Set<string>();
  const seen = new Set<string>();
  const created: PlannedRoute[] = [];
  const routes: PlannedRoute[] = [];
  for (const op of imported) {
    const key = `${op.method} ${op.pathPattern}`;
    if (seen.has(key))
      throw openApiProblem(op.at, `${key} is documented twice (two paths map to one route).`);
    seen.add(key);
    // The rule for exactly this method, else one for any method on the same pattern (the
    // dashboard's default), if no other operation of this document documents it already.
    const rule =
      rules.find((r) => r.method === op.method && r.pathPattern === op.pathPattern) ??
      rules.find((r) => r.method === "*" && r.pathPattern === op.pathPattern && !claimed.has(r.id));
    if (rule && !claimed.has(rule.id)) {
      claimed.add(rule.id);
      const same = canonicalJson(readRouteDocs(rule.docs)) === canonicalJson(op.docs);
      routes.push({
        ...priceOf(rule),
        action: same ? "unchanged" : "update",
        ruleId: rule.id,
        docs: op.docs,
        shadowedBy: null,
      });
      continue;
    }
    const price = ZPricingRuleInput.safeParse({
      method: op.method,
      pathPattern: op.pathPattern,
      kind: op.price?.kind ?? newRoutes.kind,
      priceSats: op.price?.price_sats ?? newRoutes.priceSats,
      callsPerToken: op.price?.calls_per_token ?? 1,
      passSeconds: op.price?.pass_seconds ?? null,
    });
    if (!price.success) {
      throw openApiProblem(
        `${op.at}${op.price ? "/x-l402" : ""}`,
        price.error.issues[0]?.message ?? "not a valid price.",
      );
    }
    const p = price.data;
    const earlier = [...rules, ...created].find((r) =>
      covers(r, { method: op.method, pathPattern: op.pathPattern }),
    );
    const route: PlannedRoute = {
      action: "create",
      ruleId: null,
      method: op.method,
      pathPattern: op.pathPattern,
      kind: p.kind,
      priceSats: p.kind === "free" ? 0 : p.priceSats,
      callsPerToken: p.callsPerToken,
      passSeconds: p.kind === "time_pass" ? p.passSeconds : null,
      docs: op.docs,
      shadowedBy: earlier ? `${earlier.method} ${earlier.pathPattern}` : null,
    };
    created.push(route);
    routes.push(route);
  }
  const planHash = createHash("sha256")
    .update(
      canonicalJson({
        rules: rules.map((r) => ({ ...priceOf(r), id: r.id, docs: readRouteDocs(r.docs) })),
        routes,
        newRoutes,
      }),
    )
    .digest("hex");
  return { routes, planHash };
}

function priceOf(r: ExistingRule) {
  return {
    method: r.method,
    pathPattern: r.pathPattern,
    kind: r.kind,
    priceSats: r.priceSats,
    callsPerToken: r.callsPerToken,
    passSeconds: r.passSeconds,
  };
}
