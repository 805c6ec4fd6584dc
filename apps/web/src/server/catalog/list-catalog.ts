import { z } from "zod";
import { gatewayUrlsFor } from "../../lib/gateway-urls";
import type { Db } from "../db";
import { gatewayAddressConfig } from "../env";

export const CATALOG_SORTS = ["name", "price_asc", "price_desc", "newest"] as const;

// Postgres text cannot hold NUL: refuse it here rather than fail the query with a 500.
const noNul = (s: string) => !s.includes("\0");
const NUL_TEXT = "Search text cannot contain NUL characters.";

export const ZCatalogQuerySchema = z.object({
  q: z.string().trim().max(100).refine(noNul, NUL_TEXT).optional(),
  category: z.string().trim().max(40).refine(noNul, NUL_TEXT).optional(),
  sort: z.enum(CATALOG_SORTS, { error: `sort is one of: ${CATALOG_SORTS.join(", ")}.` }).default("name"),
});
export type CatalogQuery = z.input<typeof ZCatalogQuerySchema>;

export interface CatalogRoute {
  method: string;
  path: string;
  kind: "free" | "per_call" | "time_pass";
  priceSats: number;
  callsPerToken: number;
  passSeconds: number | null;
}

export interface CatalogEntry {
  slug: string;
  name: string;
  description: string;
  category: string;
  provider: string;
  gatewayUrls: { subdomain: string; path: string };
  routes: CatalogRoute[];
  /** Paths no route matches: refused (404 route_not_found), free, or per call at this price. */
  defaultRoute: { kind: "refuse" | "free" | "per_call"; priceSats: number; callsPerToken: number };
  /** Lowest price of a paid route, in sats; null when every route is free. */
  fromPriceSats: number | null;
  freeTierCalls: number;
  quote: {
    method: string;
    path: string;
    priceSats: number | null;
    checkedAt: string;
    latencyMs: number | null;
    up: boolean;
    error: string | null;
  } | null;
}

/** The published, active APIs as the hub and `GET /api/catalog` show them. */
export async function listCatalog(
  db: Db,
  query: z.output<typeof ZCatalogQuerySchema> & { slug?: string },
): Promise<CatalogEntry[]> {
  const q = query.q?.toLowerCase();
  const rows = await db.api.findMany({
    where: {
      published: true,
      status: "active",
      archivedAt: null,
      ...(query.slug ? { slug: query.slug } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" } },
              { slug: { contains: q } },
              { description: { contains: q, mode: "insensitive" } },
            ],
          }
        : {}),
    },
    include: { pricingRules: true, quote: true, tenant: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  const cfg = gatewayAddressConfig();
  const entries = rows.map((api): CatalogEntry => {
    const routes = api.pricingRules
      .slice()
      .sort((a, b) => a.position - b.position)
      .map((r) => ({
        method: r.method,
        path: r.pathPattern,
        kind: r.kind,
        priceSats: r.priceSats,
        callsPerToken: r.callsPerToken,
        passSeconds: r.passSeconds,
      }));
    const defaultRoute = {
      kind: api.defaultKind,
      priceSats: api.defaultKind === "per_call" ? api.defaultPriceSats : 0,
      callsPerToken: api.defaultCallsPerToken,
    };
    const paid = routes.filter((r) => r.kind !== "free").map((r) => r.priceSats);
    if (defaultRoute.kind === "per_call") paid.push(defaultRoute.priceSats);
    return {
      slug: api.slug,
      name: api.name,
      description: api.description,
      category: api.category,
      provider: api.tenant.name,
      gatewayUrls: gatewayUrlsFor(api.slug, cfg),
      routes,
      defaultRoute,
      fromPriceSats: paid.length ? Math.min(...paid) : null,
      freeTierCalls: api.freeTierCalls,
      quote: api.quote
        ? {
            method: api.quote.method,
            path: api.quote.route,
            priceSats: api.quote.priceSats,
            checkedAt: api.quote.checkedAt.toISOString(),
            latencyMs: api.quote.latencyMs,
            up: api.quote.up,
            error: api.quote.error,
          }
        : null,
    };
  });
  return sortEntries(entries, query.sort);
}

function sortEntries(entries: CatalogEntry[], sort: (typeof CATALOG_SORTS)[number]): CatalogEntry[] {
  const price = (e: CatalogEntry) => e.fromPriceSats ?? 0;
  switch (sort) {
    case "price_asc":
      return entries.sort((a, b) => price(a) - price(b) || a.name.localeCompare(b.name));
    case "price_desc":
      return entries.sort((a, b) => price(b) - price(a) || a.name.localeCompare(b.name));
    case "newest":
      return entries;
    default:
      return entries.sort((a, b) => a.name.localeCompare(b.name));
  }
}

export async function getCatalogEntry(db: Db, slug: string): Promise<CatalogEntry | null> {
  const [entry] = await listCatalog(db, { sort: "name", slug });
  return entry ?? null;
}

export async function listCategories(db: Db): Promise<string[]> {
  const rows = await db.api.findMany({
    where: { published: true, status: "active" },
    select: { category: true },
    distinct: ["category"],
  });
  return rows.map((r) => r.category).sort();
}
