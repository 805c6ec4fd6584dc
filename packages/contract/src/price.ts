/**
 * What one payment costs. A per-call route sells `calls per token` calls at `price` each, so its
 * invoice asks `price × calls`; a time pass and a free route ask their price. Amounts are stored
 * as Postgres `integer`, so no payment may ask more than int32 allows: the web refuses such a
 * rule when it is saved, instead of the gateway failing every challenge for it.
 */
export const MAX_PRICE_SATS = 10_000_000;
export const MAX_CALLS_PER_TOKEN = 100_000;
export const MAX_PAYMENT_SATS = 2_147_483_647;

export type PricingKind = "free" | "per_call" | "time_pass";

export function paymentSats(route: { kind: PricingKind; priceSats: number; callsPerToken: number }): number {
  if (route.kind === "free") return 0;
  if (route.kind === "time_pass") return route.priceSats;
  return route.priceSats * Math.max(1, route.callsPerToken);
}
