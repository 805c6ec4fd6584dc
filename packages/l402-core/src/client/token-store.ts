import type { Scheme } from "../challenge";
import type { RouteScope } from "./scope";

/**
 * Where a token's scope came from: the server's 402 `scope` ("server"), the token's own
 * paths/methods caveats ("caveats"), the exact method + path it was bought on ("request"), or a
 * token from an older cache that recorded no scope ("legacy", tried last).
 */
export type ScopeSource = "server" | "caveats" | "request" | "legacy";

/** A paid credential, kept to be reused wherever its scope covers a request, until the server says it is used up. */
export interface StoredToken {
  macaroon: string;
  preimage: string;
  scheme: Scheme;
  /** the route the token buys calls on; absent = any route of its service (legacy) */
  scope?: RouteScope;
  scopeSource?: ScopeSource;
  /** unix seconds, from the token's `<slug>_valid_until` caveat */
  validUntil?: number;
  /** calls the token grants (its `<slug>_calls` caveat); absent = unlimited (a time pass) */
  calls?: number;
  /** successful calls this client made with it (for display: the server is the authority) */
  used?: number;
}

export interface TokenEntry {
  key: string;
  token: StoredToken;
}

/**
 * Where the client keeps tokens. A bucket is one origin + service (`tokenBuckets`); a key is the
 * bucket, the token's scope and its id (`tokenKey`), so two tokens for one route (bought by two
 * runs at once) are both kept. May be async (a file, a keychain).
 */
export interface TokenStore {
  list(bucket: string): Promise<TokenEntry[]> | TokenEntry[];
  set(key: string, token: StoredToken): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>();
  readonly #max: number;

  constructor(options: { maxTokens?: number } = {}) {
    this.#max = Math.max(1, options.maxTokens ?? 1000);
  }

  get(key: string): StoredToken | undefined {
    return this.#tokens.get(key);
  }

  list(bucket: string): TokenEntry[] {
    const prefix = `${bucket} `;
    const out: TokenEntry[] = [];
    for (const [key, token] of this.#tokens)
      if (key.startsWith(prefix)) out.push({ key, token: { ...token } });
    return out;
  }

  set(key: string, token: StoredToken): void {
    this.#tokens.delete(key);
    if (this.#tokens.size >= this.#max) {
      const oldest = this.#tokens.keys().next().value;
      if (oldest !== undefined) this.#tokens.delete(oldest);
    }
    this.#tokens.set(key, { ...token });
  }

  delete(key: string): void {
    this.#tokens.delete(key);
  }

  get size(): number {
    return this.#tokens.size;
  }
}

/**
 * The buckets a URL may belong to, with the path inside the API for each, in both Tollbooth URL
 * styles: the first host label (`weather.gw.localhost/x` → path `/x`) and the first path segment
 * (`/weather/x` → path `/x`). `*` is the whole origin, what a non-Tollbooth L402 server gets.
 */
export function tokenBuckets(url: URL): Array<{ bucket: string; service: string; path: string }> {
  const out: Array<{ bucket: string; service: string; path: string }> = [];
  const label = url.hostname.split(".")[0];
  const [, segment = "", ...rest] = url.pathname.split("/");
  if (label && url.hostname.includes(".") && !/^\d+$/.test(label))
    out.push({ bucket: `${url.origin} ${label}`, service: label, path: url.pathname });
  const service = decodeURIComponentSafe(segment);
  if (segment && service !== label)
    out.push({ bucket: `${url.origin} ${service}`, service, path: `/${rest.join("/")}` });
  out.push({ bucket: `${url.origin} *`, service: "*", path: url.pathname });
  return out;
}

/** The bucket a token for `service` is kept in, and the path inside the API to scope it by. */
export function bucketFor(url: URL, service: string | undefined): { bucket: string; path: string } {
  const buckets = tokenBuckets(url);
  const found =
    buckets.find((b) => b.service === service) ?? (buckets[buckets.length - 1] as (typeof buckets)[0]);
  return { bucket: found.bucket, path: found.path };
}

export function tokenKey(bucket: string, scope: RouteScope | undefined, tokenId: string): string {
  return `${bucket} ${scope ? `${scope.method} ${scope.path}` : "* *"} #${tokenId.slice(0, 16)}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
