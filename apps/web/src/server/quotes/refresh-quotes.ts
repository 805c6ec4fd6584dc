import type { Db } from "../db";
import { fetchLiveQuote } from "./fetch-quote";
import { quoteRouteFor } from "./sample-path";

/** Takes a fresh live quote for every published API (or the given ones) and stores it. */
export async function refreshQuotes(db: Db, opts: { apiIds?: string[]; gatewayUrl?: string } = {}) {
  const apis = await db.api.findMany({
    where: { published: true, ...(opts.apiIds ? { id: { in: opts.apiIds } } : {}) },
    select: { id: true, slug: true, pricingRules: true },
  });
  let up = 0;
  // A few at a time: the gateway is ours, but there is no reason to burst it.
  for (let i = 0; i < apis.length; i += 4) {
    await Promise.all(
      apis.slice(i, i + 4).map(async (api) => {
        const route = quoteRouteFor(api.pricingRules);
        if (!route) return;
        const quote = await fetchLiveQuote(api.slug, route, { gatewayUrl: opts.gatewayUrl });
        if (quote.up) up += 1;
        const data = {
          route: route.path,
          method: route.method,
          priceSats: quote.priceSats,
          up: quote.up,
          latencyMs: quote.latencyMs,
          error: quote.error,
          checkedAt: new Date(),
        };
        await db.apiQuote.upsert({
          where: { apiId: api.id },
          create: { apiId: api.id, ...data },
          update: data,
        });
      }),
    );
  }
  return { checked: apis.length, up };
}
