import { QuoteDocument } from "@tollbooth/contract";
import { env } from "../env";

export interface LiveQuote {
  up: boolean;
  priceSats: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * Asks the gateway what it would charge for one route right now, without creating an invoice.
 * "Up" means the gateway answered with a price for the tenant; anything else is "down" with a
 * short reason for the hub card.
 */
export async function fetchLiveQuote(
  slug: string,
  route: { method: string; path: string },
  opts: { timeoutMs?: number; gatewayUrl?: string } = {},
): Promise<LiveQuote> {
  const base = (opts.gatewayUrl ?? env().GATEWAY_INTERNAL_URL).replace(/\/+$/, "");
  const url = `${base}/${slug}/.well-known/l402/quote?method=${encodeURIComponent(route.method)}&path=${encodeURIComponent(route.path)}`;
  const started = performance.now();
  try {
    const res = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 4000),
      cache: "no-store",
    });
    const latencyMs = Math.round(performance.now() - started);
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok || !body) {
      const message =
        typeof body?.message === "string" ? body.message : `The gateway answered ${res.status}.`;
      return { up: false, priceSats: null, latencyMs, error: message.slice(0, 200) };
    }
    const quote = QuoteDocument.safeParse(body);
    if (!quote.success) {
      return { up: false, priceSats: null, latencyMs, error: "The gateway's quote was not understood." };
    }
    return { up: true, priceSats: quote.data.amount_sats, latencyMs, error: null };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return {
      up: false,
      priceSats: null,
      latencyMs,
      error: timedOut ? "The gateway did not answer in time." : "The gateway is unreachable.",
    };
  }
}
