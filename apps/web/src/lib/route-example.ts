import type { RouteDocs } from "@tollbooth/contract";

/** Sample values by documented type, for a path segment or a required query parameter. */
const SAMPLE: Record<string, string> = { integer: "1", number: "1", boolean: "true" };

/**
 * A concrete request for one route, for snippets and "Try it": its pattern with sample values
 * (`/v1/:id` → `/v1/1`, `/v1/*` → `/v1/`), its required query parameters (`?city=x`), the method
 * (`*` → GET) and, for a method with a body, the documented example request. Everything here is
 * the provider's text: the snippets quote it (shell-quote.ts, JSON string literals).
 */
export function exampleRequestFor(route: { method: string; path: string; docs?: RouteDocs | null }): {
  method: string;
  path: string;
  body: string | null;
} {
  const docs = route.docs ?? null;
  const typeOf = (name: string, place: string) =>
    docs?.parameters.find((p) => p.name === name && p.in === place)?.type ?? "integer";
  const segments = route.path
    .replace(/\*$/, "")
    .split("/")
    .map((s) => (s.startsWith(":") && s.length > 1 ? (SAMPLE[typeOf(s.slice(1), "path")] ?? "x") : s));
  const path = segments.join("/") || "/";
  const query = new URLSearchParams();
  for (const p of docs?.parameters ?? []) {
    if (p.in === "query" && p.required) query.set(p.name, SAMPLE[p.type] ?? "x");
  }
  const method = route.method === "*" ? "GET" : route.method;
  const body = method === "GET" || method === "HEAD" ? null : (docs?.example_request ?? null);
  const qs = query.toString();
  return { method, path: qs ? `${path}?${qs}` : path, body };
}
