/**
 * The hub catalog as the agent tools read it (`GET /api/catalog`, docs/contract.md). Parsed
 * loosely: the hub may add fields, and route `docs` / API `links` (shared decision #6) may be
 * absent on an older hub — the tools then say `null` instead of failing.
 */
import { ApiHealthSchema } from "@tollbooth/contract";
import { z } from "zod";

const RouteParameter = z.looseObject({
  name: z.string(),
  in: z.string(),
  type: z.string().nullish(),
  required: z.boolean().nullish(),
  description: z.string().nullish(),
});

export const RouteDocs = z.looseObject({
  description: z.string().nullish(),
  parameters: z.array(RouteParameter).nullish(),
  example_request: z.string().nullish(),
  example_response: z.string().nullish(),
  /** JSON Schema of the request body (packages/contract RouteDocs) */
  request_schema: z.unknown().nullish(),
  response_schema: z.unknown().nullish(),
  /** the request-body schema under its earlier name */
  schema: z.unknown().nullish(),
});
export type RouteDocs = z.infer<typeof RouteDocs>;

export const CatalogRoute = z.looseObject({
  method: z.string(),
  path: z.string(),
  kind: z.string(),
  priceSats: z.number(),
  callsPerToken: z.number().nullish(),
  passSeconds: z.number().nullish(),
  docs: RouteDocs.nullish(),
});
export type CatalogRoute = z.infer<typeof CatalogRoute>;

export const CatalogApi = z.looseObject({
  slug: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  category: z.string().nullish(),
  provider: z.string().nullish(),
  gatewayUrls: z.looseObject({ subdomain: z.string(), path: z.string() }),
  routes: z.array(CatalogRoute),
  defaultRoute: z
    .looseObject({ kind: z.string(), priceSats: z.number(), callsPerToken: z.number().nullish() })
    .nullish(),
  fromPriceSats: z.number().nullish(),
  freeTierCalls: z.number().nullish(),
  links: z.looseObject({ openapi: z.string().nullish(), l402: z.string().nullish() }).nullish(),
  /** Upstream health; absent on an older hub, and an unreadable one reads as absent. */
  health: ApiHealthSchema.nullish().catch(null),
});
export type CatalogApi = z.infer<typeof CatalogApi>;

/** One page of `GET /api/catalog`; `next` is the next page's link (relative to the hub), null on the last. */
export const CatalogResponse = z.looseObject({ apis: z.array(z.unknown()), next: z.string().nullish() });

/** Entries that parse; a malformed one is skipped rather than failing the whole search. */
export function parseCatalog(body: unknown): CatalogApi[] {
  return parseCatalogPage(body).apis;
}

/** One page's entries and the link to the next page (null on the last, or from an older hub). */
export function parseCatalogPage(body: unknown): { apis: CatalogApi[]; next: string | null } {
  const parsed = CatalogResponse.safeParse(body);
  if (!parsed.success) throw new Error("the hub's catalog is not the documented JSON");
  const apis = parsed.data.apis.flatMap((entry) => {
    const api = CatalogApi.safeParse(entry);
    return api.success ? [api.data] : [];
  });
  return { apis, next: parsed.data.next ?? null };
}

/** Where the catalog is read: the CLI over HTTP from `--hub`, the web app from its own database. */
export interface CatalogSource {
  list(filter: { query?: string; category?: string }): Promise<CatalogApi[]>;
  get(slug: string): Promise<CatalogApi | null>;
}

/** A hub API a URL points at (either URL style), and the path inside the API. */
export interface HubTarget {
  api: CatalogApi;
  /** the path inside the API, starting with `/` */
  path: string;
}

/** Which catalog API a gateway URL belongs to, by the URLs the catalog publishes; null if none. */
export function matchHubUrl(url: URL, apis: CatalogApi[]): HubTarget | null {
  for (const api of apis) {
    const pathStyle = safeUrl(api.gatewayUrls.path);
    if (pathStyle && pathStyle.origin === url.origin) {
      const base = pathStyle.pathname.replace(/\/+$/, "");
      if (url.pathname === base || url.pathname.startsWith(`${base}/`)) {
        return { api, path: url.pathname.slice(base.length) || "/" };
      }
    }
    const hostStyle = safeUrl(api.gatewayUrls.subdomain);
    if (hostStyle && hostStyle.origin === url.origin) return { api, path: url.pathname || "/" };
  }
  return null;
}

function safeUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** Does the API sell something at or below `maxSats` per payment (free routes count)? */
export function affordable(
  api: {
    routes: readonly { kind: string; priceSats: number }[];
    defaultRoute?: { kind: string; priceSats: number } | null;
  },
  maxSats: number,
): boolean {
  const prices = api.routes.map((r) => (r.kind === "free" ? 0 : r.priceSats));
  if (api.defaultRoute && api.defaultRoute.kind !== "refuse") {
    prices.push(api.defaultRoute.kind === "free" ? 0 : api.defaultRoute.priceSats);
  }
  return prices.some((p) => p <= maxSats);
}
