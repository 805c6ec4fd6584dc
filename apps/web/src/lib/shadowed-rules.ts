/**
 * Which pricing rules can never match because an earlier rule covers every method and path they
 * cover (the gateway takes the first match by position; apps/gateway/src/pricing). The editor
 * flags them before saving. Pattern meaning, as in the gateway: exact "/v1/x", prefix "/v1/*"
 * (also "/v1" itself and anything below), ":name" one non-empty segment; HEAD is priced like GET.
 */
export interface RuleShape {
  method: string;
  pathPattern: string;
}

export interface ShadowedRule {
  /** Index of the rule that can never match. */
  index: number;
  /** Index of the first earlier rule that covers it. */
  by: number;
}

interface Pattern {
  segments: string[];
  prefix: boolean;
}

function parse(pattern: string): Pattern {
  if (pattern === "/*" || pattern === "*") return { segments: [], prefix: true };
  const segments = pattern.split("/").slice(1);
  const prefix = segments[segments.length - 1] === "*";
  return { segments: prefix ? segments.slice(0, -1) : segments, prefix };
}

const isParam = (s: string) => s.startsWith(":") && s.length > 1;

/** Every path `inner` matches, `outer` matches too. */
export function patternCovers(outer: string, inner: string): boolean {
  const a = parse(outer);
  const b = parse(inner);
  if (
    a.prefix ? b.segments.length < a.segments.length : b.prefix || b.segments.length !== a.segments.length
  ) {
    return false;
  }
  return a.segments.every((want, i) => {
    const got = b.segments[i]!;
    // A parameter matches any non-empty segment; a literal only itself.
    return isParam(want) ? isParam(got) || got.length > 0 : !isParam(got) && got === want;
  });
}

/** Every method `inner` matches, `outer` matches too. */
export function methodCovers(outer: string, inner: string): boolean {
  const a = outer.toUpperCase();
  const b = inner.toUpperCase();
  if (a === "*") return true;
  if (b === "*") return false;
  return a === b || (b === "HEAD" && a === "GET");
}

export function findShadowedRules(rules: readonly RuleShape[]): ShadowedRule[] {
  const out: ShadowedRule[] = [];
  rules.forEach((rule, index) => {
    const by = rules
      .slice(0, index)
      .findIndex(
        (earlier) =>
          methodCovers(earlier.method, rule.method) && patternCovers(earlier.pathPattern, rule.pathPattern),
      );
    if (by !== -1) out.push({ index, by });
  });
  return out;
}
