import type { RouteDocs } from "./catalog";

const JSON_TYPES = new Set(["string", "integer", "number", "boolean", "array", "object"]);
const PLACES = ["path", "query", "header", "body"] as const;

/**
 * A JSON Schema of what one route takes, from its docs (shared decision #6): one object per place
 * a parameter goes (`path`, `query`, `header`, `body`), so an agent can fill `call_api`'s url,
 * headers and body. A documented request-body `schema` is used as `body` as given. null when the
 * route documents nothing. The tool's own input schema stays generic (one `call_api` for every
 * URL); this is where a route's docs become a schema.
 */
export function parametersSchema(docs: RouteDocs | null | undefined): Record<string, unknown> | null {
  if (!docs) return null;
  const properties: Record<string, unknown> = {};
  for (const place of PLACES) {
    const params = (docs.parameters ?? []).filter((p) => p.in === place);
    if (params.length === 0) continue;
    properties[place] = {
      type: "object",
      properties: Object.fromEntries(
        params.map((p) => [
          p.name,
          {
            type: p.type && JSON_TYPES.has(p.type) ? p.type : "string",
            ...(p.description ? { description: p.description } : {}),
          },
        ]),
      ),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
  }
  if (docs.schema && typeof docs.schema === "object") properties.body = docs.schema;
  return Object.keys(properties).length > 0 ? { type: "object", properties } : null;
}
