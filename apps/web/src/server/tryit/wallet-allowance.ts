/**
 * How much Try it's shared builder wallet (development only) may pay: a cap per invoice and
 * allowances per visitor and for all visitors together, each in sats and in payments per window
 * (TRYIT_* settings, see apps/web/README.md). In memory, per web process: enough for the one
 * development instance it exists for. The visitor is visitorAddress (visitor-headers.ts): the
 * client address the nearest proxy put last in `x-forwarded-for` (Next sets it from the socket
 * when no proxy does); a client without a proxy in front can spoof that header, which is why the
 * all-visitors allowance exists.
 */
import { formatSats } from "../../lib/format";
import { env } from "../env";

export class WalletRefusal extends Error {
  constructor(
    readonly status: 403 | 429,
    readonly code: "price_above_cap" | "rate_limited",
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "WalletRefusal";
  }
}

interface Spend {
  at: number;
  sats: number;
}

const MAX_VISITORS = 10_000;
const spends = new Map<string, Spend[]>();
const ALL = "\0all";

function recent(key: string, since: number): Spend[] {
  const kept = (spends.get(key) ?? []).filter((s) => s.at > since);
  if (kept.length > 0) spends.set(key, kept);
  else spends.delete(key);
  return kept;
}

/**
 * Checks an invoice of `sats` against the cap and the allowances and reserves it, synchronously
 * (so two payments at once cannot both fit in the last slot). Returns the release to call when
 * the payment fails, so a failed payment costs the visitor nothing.
 */
export function reserveBuilderPayment(visitor: string, sats: number, now = Date.now()): () => void {
  const e = env();
  if (sats > e.TRYIT_MAX_INVOICE_SATS) {
    throw new WalletRefusal(
      403,
      "price_above_cap",
      `The test wallet pays at most ${formatSats(e.TRYIT_MAX_INVOICE_SATS)} per invoice; this one asks ${formatSats(sats)}. Pay it with your own Lightning wallet.`,
    );
  }
  const windowMs = e.TRYIT_WINDOW_SECONDS * 1000;
  const since = now - windowMs;
  const limits = [
    {
      key: `v:${visitor}`,
      sats: e.TRYIT_VISITOR_SATS_PER_WINDOW,
      payments: e.TRYIT_VISITOR_PAYMENTS_PER_WINDOW,
      who: "You have",
    },
    {
      key: ALL,
      sats: e.TRYIT_GLOBAL_SATS_PER_WINDOW,
      payments: e.TRYIT_GLOBAL_PAYMENTS_PER_WINDOW,
      who: "All visitors have",
    },
  ];
  for (const limit of limits) {
    const list = recent(limit.key, since);
    const spent = list.reduce((n, s) => n + s.sats, 0);
    if (list.length + 1 > limit.payments || spent + sats > limit.sats) {
      const oldest = list[0]?.at ?? now;
      const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
      throw new WalletRefusal(
        429,
        "rate_limited",
        `${limit.who} used the test wallet's allowance (${limit.payments} payments or ${formatSats(limit.sats)} per ${Math.round(e.TRYIT_WINDOW_SECONDS / 60)} min). Try again in ${Math.ceil(retryAfter / 60)} min, or pay with your own wallet.`,
        retryAfter,
      );
    }
  }
  if (spends.size > MAX_VISITORS) {
    // Forget the oldest visitors, never the all-visitors total.
    for (const key of spends.keys()) {
      if (spends.size <= MAX_VISITORS / 2) break;
      if (key !== ALL) spends.delete(key);
    }
  }
  const entries = limits.map((l) => {
    const spend = { at: now, sats };
    spends.set(l.key, [...(spends.get(l.key) ?? []), spend]);
    return { key: l.key, spend };
  });
  return () => {
    for (const { key, spend } of entries) {
      const list = spends.get(key);
      if (list)
        spends.set(
          key,
          list.filter((s) => s !== spend),
        );
    }
  };
}
