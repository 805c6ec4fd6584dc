import {
  type CatalogApi,
  type CatalogSource,
  matchHubUrl,
  parseCatalogPage,
  type Quote,
  quoteFromChallenge,
  quoteFromGateway,
  readBounded,
  ToolRefusal,
} from "@tollbooth/agent-tools";
import { DEFAULT_HUB_URL } from "@tollbooth/contract/defaults";
import { coveringTokens, type TokenStore } from "@tollbooth/l402-core";
import { lastFlag, type ParsedArgs } from "./args";
import { usageError } from "./cli-error";

/** All pages of the catalog together, and how many pages one listing may follow. */
const MAX_CATALOG_BYTES = 8 * 1024 * 1024;
const MAX_CATALOG_PAGES = 100;
const TIMEOUT_MS = 15_000;

/** `--hub`, else TOLLBOOTH_HUB_URL, else the contract's default (the local `npm start` hub). */
export function hubUrl(args: ParsedArgs): URL {
  const raw = lastFlag(args, "hub") ?? process.env.TOLLBOOTH_HUB_URL ?? DEFAULT_HUB_URL;
  try {
    const url = new URL(raw);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // below
  }
  throw usageError(`--hub must be an http(s) URL, got "${raw}"`);
}

/** The hub's public catalog over HTTP (`GET <hub>/api/catalog`). */
export class HubCatalog implements CatalogSource {
  constructor(private readonly hub: URL) {}

  /** Every page of the catalog for this filter (the hub pages it, `next` links on). */
  async list(filter: { query?: string; category?: string }): Promise<CatalogApi[]> {
    let url: URL | null = new URL("/api/catalog", this.hub);
    if (filter.query) url.searchParams.set("q", filter.query);
    if (filter.category) url.searchParams.set("category", filter.category);
    url.searchParams.set("limit", "100");
    const apis: CatalogApi[] = [];
    let bytes = 0;
    for (let page = 0; url; page++) {
      if (page >= MAX_CATALOG_PAGES) {
        throw new ToolRefusal("hub_error", `the hub's catalog has more than ${MAX_CATALOG_PAGES} pages`);
      }
      const body = await this.fetchPage(url, MAX_CATALOG_BYTES - bytes);
      bytes += body.size;
      let result: ReturnType<typeof parseCatalogPage>;
      try {
        result = parseCatalogPage(body.json);
      } catch (err) {
        throw new ToolRefusal("hub_error", (err as Error).message);
      }
      apis.push(...result.apis);
      url = result.next ? this.sameHub(result.next) : null;
    }
    return apis;
  }

  /** A `next` link resolved against the hub; one pointing at another origin is refused. */
  private sameHub(link: string): URL {
    let next: URL;
    try {
      next = new URL(link, this.hub);
    } catch {
      throw new ToolRefusal("hub_error", "the hub's catalog gave a next link that is not a URL");
    }
    if (next.origin !== this.hub.origin) {
      throw new ToolRefusal("hub_error", "the hub's catalog gave a next link to another origin");
    }
    return next;
  }

  private async fetchPage(url: URL, budget: number): Promise<{ json: unknown; size: number }> {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new ToolRefusal(
        "hub_unreachable",
        `the hub at ${this.hub.origin} cannot be reached: ${(err as Error).message}`,
      );
    }
    const body = await readBounded(res, Math.max(0, budget), Math.max(0, budget) + 1);
    if (!res.ok) throw new ToolRefusal("hub_error", `the hub's catalog answered ${res.status}`);
    if (body.truncated) throw new ToolRefusal("hub_error", "the hub's catalog is larger than 8 MiB");
    try {
      return { json: JSON.parse(new TextDecoder().decode(body.bytes)), size: body.bytes.length };
    } catch {
      throw new ToolRefusal("hub_error", "the hub's catalog is not JSON");
    }
  }

  async get(slug: string): Promise<CatalogApi | null> {
    const apis = await this.list({ query: slug });
    return apis.find((a) => a.slug === slug) ?? null;
  }
}

/**
 * Prices a call without paying: a URL of one of the hub's APIs by the gateway's quote document,
 * any other URL (or when the hub cannot be read) by its 402 challenge. Says too whether a cached
 * token already covers the request (then `call_api` / `fetch` would pay nothing).
 */
export async function quoteUrl(
  url: URL,
  method: string,
  catalog: CatalogSource,
  store?: TokenStore,
): Promise<Quote & { cached_token: { calls: number | null; used: number } | null; hub_api: string | null }> {
  let apis: CatalogApi[] = [];
  try {
    apis = await catalog.list({});
  } catch {
    apis = []; // no hub: still quote from the challenge
  }
  const hub = matchHubUrl(url, apis);
  const quote = hub
    ? await quoteFromGateway(hub.api.gatewayUrls.path, { url: url.href, method, path: hub.path })
    : await quoteFromChallenge({ url: url.href, method });
  const [cached] = store ? await coveringTokens(store, url, method) : [];
  return {
    ...quote,
    hub_api: hub?.api.slug ?? null,
    cached_token: cached ? { calls: cached.token.calls ?? null, used: cached.token.used ?? 0 } : null,
  };
}
