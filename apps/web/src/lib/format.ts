import { paymentSats } from "@tollbooth/contract";

export function formatSats(sats: number): string {
  return `${sats.toLocaleString("en-US")} sat${sats === 1 ? "" : "s"}`;
}

export function formatPercent(ratio: number): string {
  if (ratio === 0) return "0%";
  if (ratio < 0.001) return "<0.1%";
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

export function timeAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? "" : "s"}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
}

/**
 * What one payment buys, in the provider's and the builder's words: "10 calls for 100 sats",
 * "1 hour pass for 50 sats", "Free". `amountSats` is the invoice (price × calls, or the pass price).
 */
export function paymentLabel(sale: {
  kind: string;
  calls: number | null;
  passSeconds: number | null;
  amountSats: number;
}): string {
  if (sale.kind === "free") return "Free";
  if (sale.kind === "time_pass")
    return `${formatDuration(sale.passSeconds ?? 0)} pass for ${formatSats(sale.amountSats)}`;
  const calls = sale.calls ?? 1;
  return `${calls.toLocaleString("en-US")} call${calls === 1 ? "" : "s"} for ${formatSats(sale.amountSats)}`;
}

/** What one payment for a route buys, e.g. "10 calls for 100 sats" (paymentLabel of its invoice). */
export function routePaymentLabel(route: {
  kind: string;
  priceSats: number;
  callsPerToken: number;
  passSeconds: number | null;
}): string {
  const kind = route.kind === "time_pass" || route.kind === "free" ? route.kind : "per_call";
  return paymentLabel({
    kind,
    calls: Math.max(1, route.callsPerToken),
    passSeconds: route.passSeconds,
    amountSats: paymentSats({ ...route, kind }),
  });
}
