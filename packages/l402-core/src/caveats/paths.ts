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
  for (const segment of path.split("/")) {
    const s = segment.toLowerCase().replaceAll("%2e", ".");
    if (s === "." || s === "..") return true;
  }
  return false;
}

/** Does `path` (exact, or a `/*` prefix) fall inside `pattern`? */
function covers(pattern: string, path: string): boolean {
  if (!pattern.endsWith("/*")) return path === pattern;
  const prefix = pattern.slice(0, -2); // "" for "/*"
  const target = path.endsWith("/*") ? path.slice(0, -2) : path;
  if (prefix === "") return true;
  return target === prefix || target.startsWith(`${prefix}/`);
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
    if (
      path !== undefined &&
      !path.endsWith("/*") &&
      !hasDotSegment(path) &&
      value.some((q) => covers(q, path))
    ) {
      return undefined;
    }
    return { code: "out_of_scope", message: "This token is not valid for this path." };
  },
};
