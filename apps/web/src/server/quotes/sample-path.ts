/**
 * A concrete request path that a pricing rule's pattern matches, to ask the gateway for its price:
 * "/v1/*" → "/v1/", "/quotes/:id" → "/quotes/1", "/current" → "/current".
 */
export function samplePathFor(pattern: string): string {
  const path = pattern
    .replace(/\*$/, "")
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "1" : segment))
    .join("/");
  return path.length > 0 ? path : "/";
}

/** The route a quote is taken for: the first paid rule (what a builder would pay for first). */
export function quoteRouteFor(
  rules: { position: number; method: string; pathPattern: string; kind: string }[],
): { method: string; path: string } | null {
  const sorted = rules.slice().sort((a, b) => a.position - b.position);
  const rule = sorted.find((r) => r.kind !== "free") ?? sorted[0];
  if (!rule) return null;
  return { method: rule.method === "*" ? "GET" : rule.method, path: samplePathFor(rule.pathPattern) };
}
