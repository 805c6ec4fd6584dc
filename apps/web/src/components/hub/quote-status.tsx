import { formatSats, timeAgo } from "@/lib/format";
import type { CatalogEntry } from "@/server/catalog/list-catalog";

/** The live quote the hub saw from the gateway: what is actually charged, how fresh, how fast. */
export function QuoteStatus({ quote, now }: { quote: CatalogEntry["quote"]; now: number }) {
  if (!quote) {
    return (
      <p className="flex items-center gap-2 text-xs text-zinc-500" data-testid="quote-status">
        <span className="h-2 w-2 rounded-full bg-zinc-300" aria-hidden="true" />
        Waiting for the first live check
      </p>
    );
  }
  if (!quote.up) {
    return (
      <p
        className="flex items-center gap-2 text-xs text-red-700"
        data-testid="quote-status"
        title={quote.error ?? undefined}
      >
        <span className="h-2 w-2 rounded-full bg-red-500" aria-hidden="true" />
        Down · checked {timeAgo(quote.checkedAt, now)}
      </p>
    );
  }
  return (
    <p className="flex flex-wrap items-center gap-x-2 text-xs text-zinc-600" data-testid="quote-status">
      <span className="relative flex h-2 w-2" aria-hidden="true">
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" />
        <span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-500" />
      </span>
      <span className="font-medium text-emerald-700">Live</span>
      {quote.priceSats !== null && (
        <span>
          <span className="sr-only">charged now: </span>
          {formatSats(quote.priceSats)} for {quote.method} {quote.path}
        </span>
      )}
      <span className="text-zinc-400">·</span>
      <span>{quote.latencyMs ?? "?"} ms</span>
      <span className="text-zinc-400">·</span>
      <span>{timeAgo(quote.checkedAt, now)}</span>
    </p>
  );
}
