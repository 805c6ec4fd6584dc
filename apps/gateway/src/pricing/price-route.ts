/**
 * Pricing: the first rule (ascending position) whose method and path pattern match decides the
 * price. When none matches, the API's own default route applies (stored on the `apis` row and
 * shown in the pricing editor): free, per call at its price, or null — refused with 404, never
 * charged or proxied. There is no hidden price. Paths are matched as `routeKey` reads them (case
 * and one trailing slash ignored unless the API matches strictly), and rules are compiled the same way.
 */
import { MAX_PAYMENT_SATS, paymentSats } from "@tollbooth/contract";
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

export type DefaultRouteKind = "refuse" | "free" | "per_call";

/** The API's default route as a rule (matching every path), or null when unmatched paths are refused. */
export function defaultRule(
  kind: DefaultRouteKind,
  priceSats: number,
  callsPerToken: number,
): RoutePrice | null {
  // A per-call default without a price (only raw SQL can store one) is refused, never given away;
  // so is one whose payment would not fit a challenge's 32-bit sat amount.
  if (
    kind === "refuse" ||
    (kind === "per_call" &&
      (priceSats < 1 || paymentSats({ kind, priceSats, callsPerToken }) > MAX_PAYMENT_SATS))
  ) {
    return null;
  }
  return compileRule({
    id: null,
    position: Number.MAX_SAFE_INTEGER,
    method: "*",
    pathPattern: "/*",
    kind,
    priceSats: kind === "free" ? 0 : priceSats,
    callsPerToken,
    passSeconds: null,
  });
}

export function compileRule(row: PricingRuleRow, strict = false): RoutePrice {
  const method = row.method.toUpperCase();
  const callsPerToken = Math.max(1, row.callsPerToken);
  const amountSats = paymentSats(row);
  return {
    ...row,
    method,
    callsPerToken,
    amountSats,
    calls: row.kind === "per_call" ? callsPerToken : null,
    scopeKey: scopeKeyOf(method, row.pathPattern),
    matches: compilePathPattern(row.pathPattern, strict),
  };
}

export function compileRules(rows: PricingRuleRow[], strict = false): RoutePrice[] {
  return [...rows].sort((a, b) => a.position - b.position).map((row) => compileRule(row, strict));
}

/**
 * The rule that prices this request: the first match, else `fallback` (null = refuse the path).
 * `path` is the canonical request path; `strict` must be what `rules` were compiled with.
 */
export function priceRoute(
  rules: readonly RoutePrice[],
  method: string,
  path: string,
  fallback: RoutePrice | null,
  strict = false,
): RoutePrice | null {
  // HEAD is priced like GET: it asks the upstream for the same resource.
  const alias = method === "HEAD" ? "GET" : method;
  const key = routeKey(path, strict);
  for (const rule of rules) {
    if ((rule.method === "*" || rule.method === method || rule.method === alias) && rule.matches(key))
      return rule;
  }
  return fallback;
}
