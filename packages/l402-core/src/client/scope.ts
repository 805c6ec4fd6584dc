/**
 * What a paid token is good for, as a route: `{ method, path }` with the gateway's pattern grammar
 * — exact `/v1/x`, prefix `/v1/*` (also matching `/v1`), `:name` = one non-empty segment.
 * Matching is case-insensitive and ignores one trailing slash. Pure (no node: imports), so the
 * hub's browser code uses the same rule as the CLI: `@tollbooth/l402-core/scope`.
 */
export interface RouteScope {
  /** uppercase HTTP method, or "*" for any */
  method: string;
  /** path pattern inside the API (after the slug in path-style URLs) */
  path: string;
}

const METHOD = /^(\*|[A-Z]{1,16})$/;
const PATTERN = /^\/[^\s?#]{0,500}$/;

/** The `scope` object of a 402 JSON body, when it is one we can use. */
export function readScope(value: unknown): RouteScope | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { method, path } = value as { method?: unknown; path?: unknown };
  if (typeof method !== "string" || typeof path !== "string") return undefined;
  const m = method.toUpperCase();
  if (!METHOD.test(m) || !PATTERN.test(path)) return undefined;
  const segments = path.split("/").slice(1);
  // `*` only as the whole last segment, as the gateway's grammar says.
  if (segments.some((s, i) => s.includes("*") && (s !== "*" || i !== segments.length - 1))) return undefined;
  return { method: m, path };
}

/** The fallback scope when the server names none: exactly this method and path. */
export function exactScope(method: string, path: string): RouteScope {
  // A segment that is `*` or starts with `:` would read as pattern syntax: escape it, so the
  // scope stays exact (such a path then just does not match itself later — safe, never wider).
  const safe = path
    .split("/")
    .map((s) => (s.includes("*") || s.startsWith(":") ? s.replace(/[*:]/g, (c) => encodeURIComponent(c)) : s))
    .join("/");
  return { method: method.toUpperCase(), path: safe || "/" };
}

function segmentsOf(path: string): string[] {
  let p = path.toLowerCase();
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p.split("/").slice(1);
}

/** Does a token with this scope cover `method path`? (HEAD is covered by GET, as the gateway prices it.) */
export function scopeCovers(scope: RouteScope, method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (scope.method !== "*" && scope.method !== m && !(m === "HEAD" && scope.method === "GET")) return false;
  if (scope.path === "/*" || scope.path === "*") return true;
  const want = segmentsOf(scope.path);
  const prefix = want[want.length - 1] === "*";
  const fixed = prefix ? want.slice(0, -1) : want;
  const got = segmentsOf(path);
  if (prefix ? got.length < fixed.length : got.length !== fixed.length) return false;
  for (let i = 0; i < fixed.length; i++) {
    const w = fixed[i] as string;
    const g = got[i] as string;
    if (w.startsWith(":") ? g.length === 0 : w !== g) return false;
  }
  return true;
}

/** Higher = narrower; among tokens that cover a request, the narrowest is tried first. */
export function scopeSpecificity(scope: RouteScope): number {
  const segments = segmentsOf(scope.path);
  const prefix = segments[segments.length - 1] === "*";
  let score = prefix ? 0 : 1_000_000;
  for (const s of segments) score += s === "*" ? 0 : s.startsWith(":") ? 10 : 1_000;
  return score + (scope.method === "*" ? 0 : 1);
}

export function scopeLabel(scope: RouteScope): string {
  return `${scope.method} ${scope.path}`;
}
