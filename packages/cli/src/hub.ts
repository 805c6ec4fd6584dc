import {
  type CatalogApi,
  type CatalogSource,
  matchHubUrl,
  parseCatalog,
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

const MAX_CATALOG_BYTES = 8 * 1024 * 1024;
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

  async list(filter: { query?: string; category?: string }): Promise<CatalogApi[]> {
    const url = new URL("/api/catalog", this.hub);
    if (filter.query) url.searchParams.set("q", filter.query);
    if (filter.category) url.searchParams.set("category", filter.category);
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new ToolRefusal(
        "hub_unreachable",
        `the hub at ${this.hub.origin} cannot be reached: ${(err as Error).message}`,
      );
    }
    const body = await readBounded(res, MAX_CATALOG_BYTES, MAX_CATALOG_BYTES + 1);
    if (!res.ok) throw new ToolRefusal("hub_error", `the hub's catalog answered ${res.status}`);
    if (body.truncated) throw new ToolRefusal("hub_error", "the hub's catalog is larger than 8 MiB");
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(body.bytes));
    } catch {
      throw new ToolRefusal("hub_error", "the hub's catalog is not JSON");
    }
    return parseCatalog(json);
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
