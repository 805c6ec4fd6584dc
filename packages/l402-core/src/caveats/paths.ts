import type { CaveatSatisfier } from "./satisfier";
import { parseList } from "./values";

/**
 * `<slug>_paths=/a,/b/*` — path scope inside the tenant API. A pattern is an exact path, or a
 * prefix ending in `/*` that matches the prefix itself and everything below it (`/*` = all).
 * No commas, spaces, `?`, `#` or other `*` in a pattern.
 */
const PATTERN = /^\/[A-Za-z0-9\-._~!$&'()+;=:@%/]{0,1023}$/;

function parsePattern(p: string): boolean {
  const base = p.endsWith("/*") ? p.slice(0, -1) : p;
  return PATTERN.test(base) && !hasDotSegment(base);
}

/** `.`/`..` segments (also percent-encoded) could escape a prefix after normalisation: refuse them. */
function hasDotSegment(path: string): boolean {
  // Without a "." or a "%" there is no dot segment: the common case costs two scans, no allocation.
  if (!path.includes(".") && !path.includes("%")) return false;
  for (const segment of path.split("/")) {
    const s = segment.toLowerCase().replaceAll("%2e", ".");
    if (s === "." || s === "..") return true;
  }
  return false;
}

/** Does `path` (exact, or a `/*` prefix) fall inside `pattern`? */
function covers(pattern: string, path: string): boolean {
  if (!pattern.endsWith("/*")) return path === pattern;
  // Compared in place (this runs per request): prefix = pattern without "/*", target = path without "/*".
  const prefixLength = pattern.length - 2; // 0 for "/*"
  if (prefixLength === 0) return true;
  const targetLength = path.endsWith("/*") ? path.length - 2 : path.length;
  if (targetLength < prefixLength) return false;
  for (let i = 0; i < prefixLength; i++) if (path.charCodeAt(i) !== pattern.charCodeAt(i)) return false;
  return targetLength === prefixLength || path.charCodeAt(prefixLength) === 47; // "/"
}

export const pathsSatisfier: CaveatSatisfier<string[]> = {
  kind: "paths",
  parse(value) {
    const items = parseList(value, /^\/\S*$/);
    return items?.every(parsePattern) ? items : undefined;
  },
  narrows: (previous, next) => next.every((p) => previous.some((q) => covers(q, p))),
  check(value, request) {
    const path = request.path;
    if (path !== undefined && !path.endsWith("/*") && !hasDotSegment(path)) {
      for (let i = 0; i < value.length; i++) if (covers(value[i] as string, path)) return undefined;
    }
    return { code: "out_of_scope", message: "This token is not valid for this path." };
  },
};
