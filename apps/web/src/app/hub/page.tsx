import type { Metadata } from "next";
import Link from "next/link";
import { ApiCard } from "@/components/hub/api-card";
import { AutoRefresh } from "@/components/hub/auto-refresh";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
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
  const parsed = ZCatalogQuerySchema.safeParse({
    q: typeof raw.q === "string" ? raw.q : undefined,
    category: typeof raw.category === "string" && raw.category ? raw.category : undefined,
    sort: typeof raw.sort === "string" ? raw.sort : undefined,
  });
  const query = parsed.success ? parsed.data : { sort: "name" as const };
  let loadError = false;
  let apis: Awaited<ReturnType<typeof listCatalog>> = [];
  let categories: string[] = [];
  try {
    [apis, categories] = await Promise.all([listCatalog(db(), query), listCategories(db())]);
    ensureFreshQuotes(db());
  } catch (err) {
    console.error("web: hub failed to load", err instanceof Error ? err.message : "unknown");
    loadError = true;
  }
  const filtered = Boolean(query.q || query.category);
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
      <search aria-label="Find an API">
        <form
          action="/hub"
          method="get"
          className="mt-6 grid gap-3 rounded-xl border border-zinc-200 bg-white p-3 shadow-sm sm:grid-cols-[1fr_auto_auto_auto]"
        >
          <label className="sr-only" htmlFor="q">
            Search APIs
          </label>
          <Input
            id="q"
            name="q"
            type="search"
            placeholder="Search by name or description"
            defaultValue={query.q ?? ""}
          />
          <label className="sr-only" htmlFor="category">
            Category
          </label>
          <Select id="category" name="category" defaultValue={query.category ?? ""}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
          <label className="sr-only" htmlFor="sort">
            Sort
          </label>
          <Select id="sort" name="sort" defaultValue={query.sort}>
            <option value="name">Name</option>
            <option value="price_asc">Price: low to high</option>
            <option value="price_desc">Price: high to low</option>
            <option value="newest">Newest</option>
          </Select>
          <button
            type="submit"
            className="rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700"
          >
            Search
          </button>
        </form>
      </search>

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
              {apis.length} API{apis.length === 1 ? "" : "s"}
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
          </>
        )}
      </div>
    </div>
  );
}
