/**
 * What a payment bought, recorded on its challenge at mint: the route's method and path pattern
 * (compared by content, see scopeKeyOf), its kind, the price per call at sale, the calls and the
 * pass time. A token is honoured by this record, never by the current rule's price or id.
 */
import { type RoutePrice, scopeKeyOf } from "../pricing/price-route";
import type { KnownToken } from "./root-key-cache";

export interface SoldScope {
  method: string;
  pathPattern: string;
  kind: "per_call" | "time_pass";
  /** Sats per call (per_call), or the pass price (time_pass). */
  priceSats: number;
  passSeconds: number | null;
}

/** The scope a challenge for this (paid) route sells. */
export function soldScopeOf(route: RoutePrice): SoldScope {
  return {
    method: route.method,
    pathPattern: route.pathPattern,
    kind: route.kind === "time_pass" ? "time_pass" : "per_call",
    priceSats: route.priceSats,
    passSeconds: route.kind === "time_pass" ? route.passSeconds : null,
  };
}

/** The sale's terms as the paywall checks them on every call (a null scope is honoured nowhere). */
export function saleTerms(
  scope: Partial<SoldScope> | null,
): Pick<KnownToken, "scopeKey" | "timePass" | "satsPerCall" | "msatsPerCall"> {
  const known = scope?.method != null && scope.pathPattern != null;
  const timePass = scope?.kind === "time_pass";
  // A time pass spends calls, not sats: its calls are worth nothing each (it was paid up front).
  const satsPerCall = timePass ? 0 : (scope?.priceSats ?? 0);
  return {
    scopeKey: known ? scopeKeyOf(scope.method as string, scope.pathPattern as string) : null,
    timePass,
    satsPerCall,
    msatsPerCall: BigInt(satsPerCall) * 1000n,
  };
}

/** The JSON a 402 body names the scope with; clients key their token caches on exactly this shape. */
export function scopeJson(route: RoutePrice): { method: string; path: string } {
  return { method: route.method, path: route.pathPattern };
}
