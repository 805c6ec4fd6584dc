/**
 * The tokens Try it bought for this visitor, kept in the visitor's own browser (sessionStorage:
 * this tab, this origin, gone when the tab closes) — never on our server. Why there: the visitor
 * holds the preimage anyway (a WebLN wallet returns it to the page; "copy as Authorization
 * header" hands it over on purpose), and with no server-side copy there is no session lookup
 * that could ever hand one visitor's token to another, nothing to leak from a database, and it
 * works the same behind any number of web instances. One token per route scope, reused for
 * every request that scope covers until the gateway says it is used up or expired.
 */
import { type RouteScope, scopeCovers, scopeSpecificity } from "@tollbooth/l402-core/scope";

export interface SavedToken {
  macaroon: string;
  preimage: string;
  scope: RouteScope;
  /** calls the token grants; null = a time pass */
  calls: number | null;
  /** successful calls made with it from this page (the gateway is the authority) */
  used: number;
  /** unix seconds */
  validUntil: number | null;
}

const KEY_PREFIX = "tollbooth.tryit.v1.";
const MAX_TOKENS = 20;

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage disabled: Try it still works, it just pays each time
  }
}

function isSaved(t: unknown): t is SavedToken {
  const s = t as SavedToken;
  return (
    typeof s === "object" &&
    s !== null &&
    typeof s.macaroon === "string" &&
    /^[0-9a-f]{64}$/.test(s.preimage) &&
    typeof s.scope?.method === "string" &&
    typeof s.scope?.path === "string" &&
    typeof s.used === "number"
  );
}

export function loadTokens(slug: string): SavedToken[] {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(KEY_PREFIX + slug) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isSaved) : [];
  } catch {
    return [];
  }
}

function saveAll(slug: string, tokens: SavedToken[]): void {
  try {
    storage()?.setItem(KEY_PREFIX + slug, JSON.stringify(tokens.slice(-MAX_TOKENS)));
  } catch {
    // full or disabled: nothing to keep
  }
}

const pathOnly = (path: string) => path.split("?")[0] || "/";
const expired = (t: SavedToken) => t.validUntil !== null && t.validUntil < Date.now() / 1000;

/** The narrowest unexpired saved token whose scope covers this request. */
export function tokenFor(slug: string, method: string, path: string): SavedToken | null {
  const covering = loadTokens(slug)
    .filter((t) => !expired(t) && scopeCovers(t.scope, method, pathOnly(path)))
    .sort((a, b) => scopeSpecificity(b.scope) - scopeSpecificity(a.scope));
  return covering[0] ?? null;
}

export function keepToken(slug: string, token: SavedToken): void {
  saveAll(slug, [...loadTokens(slug).filter((t) => t.macaroon !== token.macaroon && !expired(t)), token]);
}

export function dropToken(slug: string, macaroon: string): void {
  saveAll(
    slug,
    loadTokens(slug).filter((t) => t.macaroon !== macaroon),
  );
}

/** Counts one successful call; returns the updated token. */
export function countCall(slug: string, token: SavedToken): SavedToken {
  const updated = { ...token, used: token.used + 1 };
  saveAll(
    slug,
    loadTokens(slug).map((t) => (t.macaroon === token.macaroon ? updated : t)),
  );
  return updated;
}

export function authorizationHeader(token: SavedToken): string {
  return `Authorization: L402 ${token.macaroon}:${token.preimage}`;
}

/** A 402 that means "this token is done": drop it. Any other 402 (another route) keeps it. */
export const TOKEN_DONE = new Set(["token_exhausted", "token_expired"]);
