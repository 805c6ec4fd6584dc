import Link from "next/link";
import { formatSats } from "@/lib/format";
import type { CatalogEntry } from "@/server/catalog/list-catalog";
import { Badge } from "../ui/card";
import { HealthStatus } from "./health-status";
import { QuoteStatus } from "./quote-status";

export function ApiCard({ api, now }: { api: CatalogEntry; now: number }) {
  const price = api.fromPriceSats;
  return (
    <li className="group relative flex flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-sm transition hover:border-zinc-300 hover:shadow-md focus-within:ring-2 focus-within:ring-amber-400">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold text-zinc-900">
            <Link href={`/hub/${api.slug}`} className="after:absolute after:inset-0 focus:outline-none">
              {api.name}
            </Link>
          </h2>
          <p className="mt-0.5 text-xs text-zinc-500">
            by {api.provider} · <span className="font-mono">{api.slug}</span>
          </p>
        </div>
        <Badge tone="neutral">{api.category}</Badge>
      </div>
      <p className="mt-3 line-clamp-2 flex-1 text-sm text-zinc-600">
        {api.description || "No description yet."}
      </p>
      <div className="mt-4 flex items-end justify-between gap-3">
        <div>
          <p className="text-xs text-zinc-500">
            {api.routes.length} route{api.routes.length === 1 ? "" : "s"}
          </p>
          <p className="text-lg font-semibold tracking-tight text-zinc-900">
            {price === null ? (
              "Free"
            ) : (
              <>
                from {formatSats(price)} <span className="text-sm font-normal text-zinc-500">/ call</span>
              </>
            )}
            {api.freeTierCalls > 0 && (
              <span className="ml-2 align-middle text-xs font-medium text-emerald-700">
                {api.freeTierCalls} free calls
              </span>
            )}
          </p>
        </div>
      </div>
      <div className="mt-3 border-t border-zinc-100 pt-3">
        <QuoteStatus quote={api.quote} now={now} />
        <div className="mt-1">
          <HealthStatus health={api.health} now={now} />
        </div>
      </div>
    </li>
  );
}
