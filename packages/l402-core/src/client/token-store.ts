import type { Scheme } from "../challenge";

/** A paid credential, kept to be reused until the server says it is used up. */
export interface StoredToken {
  macaroon: string;
  preimage: string;
  scheme: Scheme;
}

/** Where the client keeps tokens, keyed per origin and service (see tokenKeys). May be async (a file, a keychain). */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined> | StoredToken | undefined;
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
 * The service a URL may belong to, in both Tollbooth URL styles: the first host label
 * (`weather.gw.localhost`) and the first path segment (`/weather/...`). A token whose service is
 * neither is kept for the whole origin (`*`), which is what a non-Tollbooth L402 server gets.
 */
export function tokenKeys(url: URL): string[] {
  const keys: string[] = [];
  const label = url.hostname.split(".")[0];
  const segment = url.pathname.split("/")[1];
  if (label) keys.push(`${url.origin} ${label}`);
  if (segment && segment !== label) keys.push(`${url.origin} ${decodeURIComponentSafe(segment)}`);
  keys.push(`${url.origin} *`);
  return keys;
}

export function keyForService(url: URL, service: string | undefined): string {
  if (service !== undefined) {
    const candidates = tokenKeys(url);
    const key = `${url.origin} ${service}`;
    if (candidates.includes(key)) return key;
  }
  return `${url.origin} *`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
