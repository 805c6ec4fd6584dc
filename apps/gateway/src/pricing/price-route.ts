/**
 * Pricing: the first rule (ascending position) whose method and path pattern match decides the
 * price. When none matches, the implicit default applies: 1 sat for 1 call — an unpriced route is
 * never given away.
 */
import { compilePathPattern, type PathMatcher } from "./route-pattern";

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
  /** What a payment on this route buys, by content (scopeKey): a token sold for it is honoured here. */
  scopeKey: string;
  matches: PathMatcher;
}

/**
 * The sold scope of a route as one string: its method ("*" = any) and path pattern. Tokens are
 * bound to this, not to a rule row's id, so saving the same prices again (new ids), reordering or
 * repricing never strands a paid token; a request priced under another scope pays again.
 */
export function scopeKeyOf(method: string, pathPattern: string): string {
  return `${method.toUpperCase()} ${pathPattern}`;
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

export function compileRule(row: PricingRuleRow): RoutePrice {
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
    scopeKey: scopeKeyOf(method, row.pathPattern),
    matches: compilePathPattern(row.pathPattern),
  };
}

export function compileRules(rows: PricingRuleRow[]): RoutePrice[] {
  return [...rows].sort((a, b) => a.position - b.position).map(compileRule);
}

export const COMPILED_DEFAULT_RULE = compileRule(DEFAULT_RULE);

export function priceRoute(rules: readonly RoutePrice[], method: string, path: string): RoutePrice {
  // HEAD is priced like GET: it asks the upstream for the same resource.
  const alias = method === "HEAD" ? "GET" : method;
  for (const rule of rules) {
    if ((rule.method === "*" || rule.method === method || rule.method === alias) && rule.matches(path))
      return rule;
  }
  return COMPILED_DEFAULT_RULE;
}
