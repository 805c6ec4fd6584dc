/**
 * Path patterns of pricing rules: exact "/v1/x", prefix "/v1/*" (also matches "/v1" itself), and
 * ":name" segments matching exactly one non-empty segment. Compiled once at config load.
 */
export type PathMatcher = (path: string) => boolean;

export { isValidPathPattern } from "@tollbooth/contract";

export function compilePathPattern(pattern: string): PathMatcher {
  if (pattern === "/*" || pattern === "*") return () => true;
  const segments = pattern.split("/").slice(1);
  const prefix = segments[segments.length - 1] === "*";
  const fixed = prefix ? segments.slice(0, -1) : segments;
  if (!fixed.some((s) => s.startsWith(":"))) {
    const exact = `/${fixed.join("/")}`;
    if (!prefix) return (path) => path === exact;
    const withSlash = `${exact}/`;
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
