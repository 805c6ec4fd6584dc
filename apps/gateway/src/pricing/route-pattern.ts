/**
 * Path patterns of pricing rules: exact "/v1/x", prefix "/v1/*" (also matches "/v1" itself), and
 * ":name" segments matching exactly one non-empty segment. Compiled once at config load.
 *
 * Patterns are matched against the canonical request path (http/request-path.ts) through
 * `routeKey`. By default matching ignores ASCII case and one trailing slash, as Express, Spring
 * and most routers do, so `/FORECAST` or `/forecast/` can never fall through to a cheaper rule
 * than `/forecast`. An API set to strict matching compares the path exactly, for upstreams that
 * tell those spellings apart themselves.
 */
export type PathMatcher = (path: string) => boolean;

export { isValidPathPattern } from "@tollbooth/contract";

const UPPER_A = 65;
const UPPER_Z = 90;
const SLASH = 47;

/**
 * What a canonical path is matched as. Strict: itself. Otherwise ASCII letters lower-cased (not
 * Unicode: a router matching case-insensitively compares the percent-encoded path, where only
 * ASCII letters fold) and one trailing slash dropped ("/" stays). A path with neither is
 * returned as it is: no allocation for the common request.
 */
export function routeKey(path: string, strict: boolean): string {
  if (strict) return path;
  const n = path.length;
  let upper = false;
  for (let i = 0; i < n; i++) {
    const c = path.charCodeAt(i);
    if (c >= UPPER_A && c <= UPPER_Z) {
      upper = true;
      break;
    }
  }
  const trailing = n > 1 && path.charCodeAt(n - 1) === SLASH;
  if (!upper && !trailing) return path;
  const trimmed = trailing ? path.slice(0, -1) : path;
  return upper ? trimmed.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : trimmed;
}

export function compilePathPattern(pattern: string, strict = false): PathMatcher {
  if (pattern === "/*" || pattern === "*") return () => true;
  const segments = routeKey(pattern, strict).split("/").slice(1);
  const prefix = segments[segments.length - 1] === "*";
  const fixed = prefix ? segments.slice(0, -1) : segments;
  if (!fixed.some((s) => s.startsWith(":"))) {
    const exact = `/${fixed.join("/")}`;
    if (!prefix) return (path) => path === exact;
    const withSlash = exact === "/" ? "/" : `${exact}/`;
    return (path) => path === exact || path.startsWith(withSlash);
  }
  return (path) => {
    const parts = path.split("/").slice(1);
    if (prefix ? parts.length < fixed.length : parts.length !== fixed.length) return false;
    for (let i = 0; i < fixed.length; i++) {
      const want = fixed[i]!;
      const got = parts[i]!;
      if (want.startsWith(":") ? got.length === 0 : want !== got) return false;
    }
    return true;
  };
}
