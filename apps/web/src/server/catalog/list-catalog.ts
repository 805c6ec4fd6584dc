import { affordable } from "@tollbooth/agent-tools";
import {
  type ApiHealth,
  DISCOVERY_PATH,
  OPENAPI_PATH,
  type RouteDocs,
  readRouteDocs,
} from "@tollbooth/contract";
import { gatewayUrlsFor } from "../../lib/gateway-urls";
import type { Db } from "../db";
import { gatewayAddressConfig } from "../env";
import { emptyHealth, healthFigures } from "../health/health-figures";
import type { CATALOG_SORTS, CatalogFilter } from "./catalog-query";

export { CATALOG_SORTS, type CatalogQuery, ZCatalogQuerySchema } from "./catalog-query";

export interface CatalogRoute {
  method: string;
  path: string;
  kind: "free" | "per_call" | "time_pass";
  priceSats: number;
  callsPerToken: number;
  passSeconds: number | null;
  /** What the route takes and answers (packages/contract/src/route-docs.ts); null = undocumented. */
  docs: RouteDocs | null;
}

export interface CatalogEntry {
  slug: string;
  name: string;
  description: string;
  category: string;
  provider: string;
  gatewayUrls: { subdomain: string; path: string };
  /** The API's discovery documents on the gateway: OpenAPI 3.1 and the L402 manifest. */
  links: { openapi: string; l402: string };
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
  /** Upstream health from the gateways' periodic checks (packages/contract health.ts). */
  health: ApiHealth;
}

/** The published, active APIs as the hub and `GET /api/catalog` show them. */
export async function listCatalog(db: Db, query: CatalogFilter & { slug?: string }): Promise<CatalogEntry[]> {
  const q = query.q?.toLowerCase();
  const rows = await db.api.findMany({
    where: {
      published: true,
      status: "active",
      archivedAt: null,
      ...(query.slug ? { slug: query.slug } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.free_tier === undefined
        ? {}
        : query.free_tier
          ? { freeTierCalls: { gt: 0 } }
          : { freeTierCalls: 0 }),
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
    include: {
      pricingRules: true,
      quote: true,
      health: { select: { state: true, lastCheckedAt: true } },
      tenant: { select: { name: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 1000,
  });
  const cfg = gatewayAddressConfig();
  const health = await healthFigures(db, rows);
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
        docs: readRouteDocs(r.docs),
      }));
    const defaultRoute = {
      kind: api.defaultKind,
      priceSats: api.defaultKind === "per_call" ? api.defaultPriceSats : 0,
      callsPerToken: api.defaultCallsPerToken,
    };
    const urls = gatewayUrlsFor(api.slug, cfg);
    const paid = routes.filter((r) => r.kind !== "free").map((r) => r.priceSats);
    if (defaultRoute.kind === "per_call") paid.push(defaultRoute.priceSats);
    return {
      slug: api.slug,
      name: api.name,
      description: api.description,
      category: api.category,
      provider: api.tenant.name,
      gatewayUrls: urls,
      links: {
        openapi: `${urls.path.replace(/\/+$/, "")}${OPENAPI_PATH}`,
        l402: `${urls.path.replace(/\/+$/, "")}${DISCOVERY_PATH}`,
      },
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
      health: health.get(api.id) ?? emptyHealth(),
    };
  });
  const max = query.max_price_sats;
  // The same test search_apis applies to max_sats (packages/agent-tools): one rule.
  const kept = max === undefined ? entries : entries.filter((e) => affordable(e, max));
  return sortEntries(kept, query.sort);
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
