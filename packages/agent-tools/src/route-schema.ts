import { PARAMETER_TYPES } from "@tollbooth/contract";
import type { RouteDocs } from "./catalog";

/** The parameter types a provider can document are JSON Schema types; anything else is shown as a string. */
const JSON_TYPES = new Set<string>(PARAMETER_TYPES);
const PLACES = ["path", "query", "header", "body"] as const;

const isSchema = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A JSON Schema of what one route takes, from its docs (packages/contract RouteDocs): one object
 * per place a parameter goes (`path`, `query`, `header`, `body`), so an agent can fill
 * `call_api`'s url, headers and body. The body is the documented request `request_schema` when
 * there is one (as given), else an object of the `body` parameters. A place with a required
 * parameter is itself required. null when the route documents nothing an agent sends. The tool's
 * own input schema stays generic (one `call_api` for every URL); this is where a route's docs
 * become a schema.
 */
export function parametersSchema(docs: RouteDocs | null | undefined): Record<string, unknown> | null {
  if (!docs) return null;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const place of PLACES) {
    const params = (docs.parameters ?? []).filter((p) => p.in === place);
    if (params.length === 0) continue;
    const needed = params.filter((p) => p.required || place === "path").map((p) => p.name);
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
      required: needed,
    };
    if (needed.length > 0) required.push(place);
  }
  const bodySchema = isSchema(docs.request_schema)
    ? docs.request_schema
    : isSchema(docs.schema)
      ? docs.schema
      : null;
  if (bodySchema) {
    properties.body = bodySchema;
    if (Array.isArray(bodySchema.required) && bodySchema.required.length > 0 && !required.includes("body")) {
      required.push("body");
    }
  }
  if (Object.keys(properties).length === 0) return null;
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}
