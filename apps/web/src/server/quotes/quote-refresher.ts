import { db } from "../db";
import { env } from "../env";
import { refreshQuotes } from "./refresh-quotes";

/**
 * Keeps the hub's live quotes fresh in the background of the web server process. Started once
 * from instrumentation.ts; a refresh never overlaps the previous one.
 */
const holder = globalThis as typeof globalThis & { __tollboothQuoteTimer?: NodeJS.Timeout };

export function startQuoteRefresher(): void {
  if (holder.__tollboothQuoteTimer || !process.env.DATABASE_URL) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await refreshQuotes(db());
    } catch (err) {
      console.error("web: quote refresh failed:", err instanceof Error ? err.message : "unknown error");
    } finally {
      running = false;
    }
  };
  holder.__tollboothQuoteTimer = setInterval(tick, env().QUOTE_REFRESH_SECONDS * 1000);
  holder.__tollboothQuoteTimer.unref();
  setTimeout(tick, 2000).unref();
}

/**
 * After a publish or a price change, take that API's quote soon instead of at the next tick, so
 * the hub shows it live within seconds. Only in a server running the refresher (not in tests or
 * scripts); the short delay lets the gateway pick up the new configuration first.
 */
export function nudgeQuoteRefresh(apiId: string): void {
  if (!holder.__tollboothQuoteTimer) return;
  setTimeout(() => {
    refreshQuotes(db(), { apiIds: [apiId] }).catch((err) =>
      console.error("web: quote refresh failed:", err instanceof Error ? err.message : "unknown error"),
    );
  }, 1500).unref();
}
