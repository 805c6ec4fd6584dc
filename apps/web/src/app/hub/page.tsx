import type { Metadata } from "next";
import Link from "next/link";
import { ApiCard } from "@/components/hub/api-card";
import { AutoRefresh } from "@/components/hub/auto-refresh";
import { HubSearch } from "@/components/hub/hub-search";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { linkWithCursor, pageOf } from "@/server/catalog/catalog-query";
import { listCatalog, listCategories, ZCatalogQuerySchema } from "@/server/catalog/list-catalog";
import { db } from "@/server/db";
import { ensureFreshQuotes } from "@/server/quotes/ensure-fresh";

export const metadata: Metadata = { title: "Hub" };
export const dynamic = "force-dynamic";

export default async function HubPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const raw = await searchParams;
  // The form sends empty fields as ""; those are "no filter". A bad value shows the unfiltered hub.
  const given = new URLSearchParams();
  for (const key of ["q", "category", "max_price_sats", "free_tier", "sort", "cursor"]) {
    const v = raw[key];
    if (typeof v === "string" && v !== "") given.set(key, v);
  }
  const parsed = ZCatalogQuerySchema.safeParse({ ...Object.fromEntries(given), limit: 30 });
  const query = parsed.success ? parsed.data : ZCatalogQuerySchema.parse({ limit: 30 });
  let loadError = false;
  let apis: Awaited<ReturnType<typeof listCatalog>> = [];
  let total = 0;
  let next: string | null = null;
  let categories: string[] = [];
  try {
    let all: typeof apis;
    [all, categories] = await Promise.all([listCatalog(db(), query), listCategories(db())]);
    const paged = pageOf(all, query);
    apis = paged.page;
    total = paged.total;
    next = paged.nextCursor ? linkWithCursor("/hub", given, paged.nextCursor) : null;
    ensureFreshQuotes(db());
  } catch (err) {
    console.error("web: hub failed to load", err instanceof Error ? err.message : "unknown");
    loadError = true;
  }
  const filtered = Boolean(
    query.q || query.category || query.max_price_sats !== undefined || query.free_tier !== undefined,
  );
  const now = Date.now();
  return (
    <div>
      <AutoRefresh seconds={15} />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-900">API hub</h1>
          <p className="mt-1 max-w-2xl text-zinc-600">
            APIs you can call right now and pay per call over Lightning. No account, no API key: the price is
            in the 402 answer, and the receipt is your key.
          </p>
        </div>
      </div>
      <HubSearch query={query} categories={categories} />

      <div className="mt-6">
        {loadError ? (
          <EmptyState title="The hub could not load right now">
            Our database did not answer. Try again in a moment.
          </EmptyState>
        ) : apis.length === 0 ? (
          filtered ? (
            <EmptyState
              title="No APIs match your search"
              action={
                <ButtonLink href="/hub" variant="secondary">
                  Clear filters
                </ButtonLink>
              }
            >
              Try fewer words or another category.
            </EmptyState>
          ) : (
            <EmptyState
              title="No APIs are published yet"
              action={<ButtonLink href="/signup">Publish the first one</ButtonLink>}
            >
              When a provider publishes an API, it shows up here with its live price.
            </EmptyState>
          )
        ) : (
          <>
            <p className="mb-3 text-sm text-zinc-500" aria-live="polite">
              {total} API{total === 1 ? "" : "s"}
              {total > apis.length &&
                ` · showing ${(query.cursor ?? 0) + 1}–${(query.cursor ?? 0) + apis.length}`}
              {filtered && (
                <>
                  {" "}
                  ·{" "}
                  <Link href="/hub" className="underline">
                    clear filters
                  </Link>
                </>
              )}
            </p>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="APIs">
              {apis.map((api) => (
                <ApiCard key={api.slug} api={api} now={now} />
              ))}
            </ul>
            {(next || query.cursor) && (
              <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
                {query.cursor ? (
                  <Link
                    href={`/hub?${new URLSearchParams([...given].filter(([k]) => k !== "cursor"))}`}
                    className="underline"
                  >
                    First page
                  </Link>
                ) : (
                  <span />
                )}
                {next && (
                  <Link href={next} className="underline" rel="next">
                    Next page
                  </Link>
                )}
              </nav>
            )}
          </>
        )}
      </div>
    </div>
  );
}
