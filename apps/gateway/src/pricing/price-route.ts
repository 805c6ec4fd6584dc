/**
 * Pricing: the first rule (ascending position) whose method and path pattern match decides the
 * price. When none matches, the implicit default applies: 1 sat for 1 call — an unpriced route is
 * never given away. Paths are matched as `routeKey` reads them (case and one trailing slash
 * ignored unless the API matches strictly), and rules are compiled the same way.
 */
import { compilePathPattern, type PathMatcher, routeKey } from "./route-pattern";

export type PricingKind = "free" | "per_call" | "time_pass";

export interface PricingRuleRow {
  id: string | null;
  position: number;
  method: string;
  pathPattern: string;
  kind: PricingKind;
  priceSats: number;
  callsPerToken: number;
  passSeconds: number | null;
}

export interface RoutePrice extends PricingRuleRow {
  /** Sats of the invoice one challenge asks for: price × calls, or the pass price. */
  amountSats: number;
  /** Calls one token buys; null = unlimited for the pass duration. */
  calls: number | null;
  matches: PathMatcher;
}

export const DEFAULT_RULE: PricingRuleRow = {
  id: null,
  position: Number.MAX_SAFE_INTEGER,
  method: "*",
  pathPattern: "/*",
  kind: "per_call",
  priceSats: 1,
  callsPerToken: 1,
  passSeconds: null,
};

export function compileRule(row: PricingRuleRow, strict = false): RoutePrice {
  const method = row.method.toUpperCase();
  const callsPerToken = Math.max(1, row.callsPerToken);
  const amountSats =
    row.kind === "free" ? 0 : row.kind === "time_pass" ? row.priceSats : row.priceSats * callsPerToken;
  return {
    ...row,
    method,
    callsPerToken,
    amountSats,
    calls: row.kind === "per_call" ? callsPerToken : null,
    matches: compilePathPattern(row.pathPattern, strict),
  };
}

export function compileRules(rows: PricingRuleRow[], strict = false): RoutePrice[] {
  return [...rows].sort((a, b) => a.position - b.position).map((row) => compileRule(row, strict));
}

export const COMPILED_DEFAULT_RULE = compileRule(DEFAULT_RULE);

/** `path` is the canonical request path; `strict` must be what `rules` were compiled with. */
export function priceRoute(
  rules: readonly RoutePrice[],
  method: string,
  path: string,
  strict = false,
): RoutePrice {
  // HEAD is priced like GET: it asks the upstream for the same resource.
  const alias = method === "HEAD" ? "GET" : method;
  const key = routeKey(path, strict);
  for (const rule of rules) {
    if ((rule.method === "*" || rule.method === method || rule.method === alias) && rule.matches(key))
      return rule;
  }
  return COMPILED_DEFAULT_RULE;
}
