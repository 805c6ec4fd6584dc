import type { Db } from "../db";
import { env } from "../env";
import { refreshQuotes } from "./refresh-quotes";

/**
 * On-demand freshness on top of the background refresher: when the hub is viewed and the newest
 * quote is older than two refresh periods (or a published API has none), refresh in the
 * background. Never blocks the page.
 */
const state = globalThis as typeof globalThis & { __tollboothQuoteRefreshing?: boolean };

export function ensureFreshQuotes(db: Db): void {
  if (state.__tollboothQuoteRefreshing) return;
  state.__tollboothQuoteRefreshing = true;
  void (async () => {
    try {
      const maxAge = env().QUOTE_REFRESH_SECONDS * 2 * 1000;
      const stale = await db.api.count({
        where: {
          published: true,
          OR: [{ quote: { is: null } }, { quote: { checkedAt: { lt: new Date(Date.now() - maxAge) } } }],
        },
      });
      if (stale > 0) await refreshQuotes(db);
    } catch (err) {
      console.error("web: quote refresh failed:", err instanceof Error ? err.message : "unknown error");
    } finally {
      state.__tollboothQuoteRefreshing = false;
    }
  })();
}
