import { Input, Select } from "@/components/ui/field";

export interface HubSearchValues {
  q?: string;
  category?: string;
  max_price_sats?: number;
  free_tier?: boolean;
  sort: string;
}

/** The hub's search form: the same parameters as GET /api/catalog (a plain GET form, no script). */
export function HubSearch({ query, categories }: { query: HubSearchValues; categories: string[] }) {
  return (
    <search aria-label="Find an API">
      <form
        action="/hub"
        method="get"
        className="mt-6 grid gap-3 rounded-xl border border-zinc-200 bg-white p-3 shadow-sm sm:grid-cols-[1fr_auto_7rem_auto_auto_auto]"
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
        <label className="sr-only" htmlFor="max_price_sats">
          Highest price per call, in sats
        </label>
        <Input
          id="max_price_sats"
          name="max_price_sats"
          type="number"
          min={0}
          placeholder="Max sats"
          defaultValue={query.max_price_sats ?? ""}
        />
        <label className="flex items-center gap-2 text-sm text-zinc-700">
          <input type="checkbox" name="free_tier" value="true" defaultChecked={query.free_tier === true} />
          Free tier
        </label>
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
  );
}
