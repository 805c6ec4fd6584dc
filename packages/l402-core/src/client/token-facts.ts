import { methodsSatisfier } from "../caveats/methods";
import { pathsSatisfier } from "../caveats/paths";
import { inspectToken } from "../token";
import { exactScope, type RouteScope, readScope } from "./scope";
import type { ScopeSource } from "./token-store";

/** What the client reads from a token it bought, without verifying it (it has no root key). */
export interface TokenFacts {
  tokenId: string;
  service?: string;
  validUntil?: number;
  calls?: number;
  /** the narrowest paths / methods caveats, when the token carries them */
  paths?: string[];
  methods?: string[];
}

export function tokenFacts(macaroon: string): TokenFacts | undefined {
  const inspected = inspectToken(macaroon);
  if (!inspected.ok) return undefined;
  const service = inspected.services[0]?.service;
  const facts: TokenFacts = { tokenId: inspected.tokenId };
  if (service === undefined) return facts;
  facts.service = service;
  for (const caveat of inspected.caveats) {
    const eq = caveat.indexOf("=");
    const key = caveat.slice(0, eq);
    const value = caveat.slice(eq + 1);
    // The last caveat of a kind is the narrowest (later ones may only narrow).
    if (key === `${service}_valid_until` && /^\d+$/.test(value)) facts.validUntil = Number(value);
    else if (key === `${service}_calls` && /^\d+$/.test(value)) facts.calls = Number(value);
    else if (key === `${service}_paths`) facts.paths = pathsSatisfier.parse(value);
    else if (key === `${service}_methods`) facts.methods = methodsSatisfier.parse(value);
  }
  return facts;
}

/** Would the token's own caveats refuse `method path`? Checked with the verifier's own rules. */
export function caveatsAllow(facts: TokenFacts, method: string, path: string): boolean {
  const request = {
    service: facts.service ?? "",
    method: method.toUpperCase(),
    path,
    now: Date.now() / 1000,
  };
  if (facts.paths && pathsSatisfier.check(facts.paths, request)) return false;
  if (facts.methods && methodsSatisfier.check(facts.methods, request)) return false;
  return true;
}

/**
 * The scope to file a newly bought token under: the 402's `scope` when the server sent one; else
 * the token's caveats when they name one path pattern (and at most one method); else exactly the
 * method and path it was bought on — the only thing the client then knows it covers.
 */
export function scopeOfPurchase(
  bodyScope: unknown,
  facts: TokenFacts | undefined,
  method: string,
  path: string,
): { scope: RouteScope; source: ScopeSource } {
  const server = readScope(bodyScope);
  if (server) return { scope: server, source: "server" };
  if (facts?.paths?.length === 1 && (facts.methods?.length ?? 1) === 1) {
    const fromCaveats = readScope({ method: facts.methods?.[0] ?? "*", path: facts.paths[0] });
    if (fromCaveats) return { scope: fromCaveats, source: "caveats" };
  }
  return { scope: exactScope(method, path), source: "request" };
}
