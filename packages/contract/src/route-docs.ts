/**
 * Route docs: what one pricing rule takes and answers, written by its provider (dashboard editor or
 * an imported OpenAPI 3 document) and shown to buyers — the hub page and its snippets, the catalog,
 * the gateway's `openapi.json` and `l402.json`, and the MCP tools' schemas. Stored as
 * `pricing_rules.docs` (JSONB) in exactly this shape; every reader parses it with `RouteDocs`.
 *
 * Everything here is provider-controlled text shown to strangers: bounded in size, and never
 * interpreted — the hub escapes it as HTML and quotes it for the shell (apps/web/src/lib/shell-quote.ts).
 */
import { z } from "zod";

export const MAX_ROUTE_DESCRIPTION_CHARS = 2000;
export const MAX_ROUTE_PARAMETERS = 40;
export const MAX_ROUTE_EXAMPLE_CHARS = 8000;
/** The serialised size of one JSON Schema (request or response body). */
export const MAX_ROUTE_SCHEMA_BYTES = 16 * 1024;
/** The serialised size of a whole docs object. */
export const MAX_ROUTE_DOCS_BYTES = 48 * 1024;
/** How deeply a JSON Schema may nest; deeper ones are refused (a reader walks them). */
export const MAX_ROUTE_SCHEMA_DEPTH = 20;

export const PARAMETER_PLACES = ["query", "path", "header", "body"] as const;
export type ParameterPlace = (typeof PARAMETER_PLACES)[number];
export const PARAMETER_TYPES = ["string", "integer", "number", "boolean", "array", "object"] as const;

// Postgres JSONB cannot hold NUL (\u0000): refuse it at the boundary rather than fail the write.
const noNul = (s: string) => !s.includes("\0");
const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} is at most ${max.toLocaleString("en-US")} characters.`)
    .refine(noNul, `${what} cannot contain NUL characters.`);

export const RouteParameter = z.object({
  name: z
    .string()
    .min(1, "A parameter needs a name.")
    .max(100, "A parameter name is at most 100 characters.")
    .regex(/^[A-Za-z0-9_.\-[\]]+$/, "A parameter name uses letters, digits and _ . - [ ] only."),
  in: z.enum(PARAMETER_PLACES, { error: "A parameter is in query, path, header or body." }),
  type: z.enum(PARAMETER_TYPES, { error: `A parameter type is one of ${PARAMETER_TYPES.join(", ")}.` }),
  required: z.boolean().default(false),
  description: text(500, "A parameter description").default(""),
});
export type RouteParameter = z.output<typeof RouteParameter>;

const encoder = new TextEncoder();
const jsonBytes = (v: unknown) => encoder.encode(JSON.stringify(v)).length;

function depth(value: unknown, level = 0): number {
  if (level > MAX_ROUTE_SCHEMA_DEPTH) return level;
  if (Array.isArray(value)) return Math.max(level, ...value.map((v) => depth(v, level + 1)));
  if (value && typeof value === "object") {
    return Math.max(level, ...Object.values(value).map((v) => depth(v, level + 1)));
  }
  return level;
}

const JsonSchema = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  const json = JSON.stringify(schema);
  if (encoder.encode(json).length > MAX_ROUTE_SCHEMA_BYTES) {
    ctx.addIssue({ code: "custom", message: `A JSON Schema is at most ${MAX_ROUTE_SCHEMA_BYTES} bytes.` });
  } else if (depth(schema) > MAX_ROUTE_SCHEMA_DEPTH) {
    ctx.addIssue({
      code: "custom",
      message: `A JSON Schema nests at most ${MAX_ROUTE_SCHEMA_DEPTH} levels.`,
    });
  } else if (json.includes("\\u0000")) {
    ctx.addIssue({ code: "custom", message: "A JSON Schema cannot contain NUL characters." });
  }
});

export const RouteDocs = z
  .object({
    description: text(MAX_ROUTE_DESCRIPTION_CHARS, "A route description").default(""),
    parameters: z
      .array(RouteParameter)
      .max(MAX_ROUTE_PARAMETERS, `A route documents at most ${MAX_ROUTE_PARAMETERS} parameters.`)
      .default([]),
    /** An example request body (or query) as text, shown verbatim. */
    example_request: text(MAX_ROUTE_EXAMPLE_CHARS, "An example request").nullable().default(null),
    /** An example response body as text, shown verbatim. */
    example_response: text(MAX_ROUTE_EXAMPLE_CHARS, "An example response").nullable().default(null),
    /** JSON Schema of the request body. */
    request_schema: JsonSchema.nullable().default(null),
    /** JSON Schema of a successful response body. */
    response_schema: JsonSchema.nullable().default(null),
  })
  .superRefine((docs, ctx) => {
    const seen = new Set<string>();
    for (const p of docs.parameters) {
      const key = `${p.in}:${p.name}`;
      if (seen.has(key))
        ctx.addIssue({ code: "custom", message: `Parameter ${p.name} (${p.in}) is listed twice.` });
      seen.add(key);
    }
    if (jsonBytes(docs) > MAX_ROUTE_DOCS_BYTES) {
      ctx.addIssue({
        code: "custom",
        message: `A route's docs are at most ${MAX_ROUTE_DOCS_BYTES / 1024} KiB.`,
      });
    }
  });
export type RouteDocs = z.output<typeof RouteDocs>;
export type RouteDocsInput = z.input<typeof RouteDocs>;

/** Docs worth showing: null when a stored value is absent, empty or (raw SQL only) not the shape. */
export function readRouteDocs(stored: unknown): RouteDocs | null {
  if (stored === null || stored === undefined) return null;
  const parsed = RouteDocs.safeParse(stored);
  if (!parsed.success) return null;
  return isEmptyRouteDocs(parsed.data) ? null : parsed.data;
}

export function isEmptyRouteDocs(d: RouteDocs): boolean {
  return (
    d.description.trim() === "" &&
    d.parameters.length === 0 &&
    d.example_request === null &&
    d.example_response === null &&
    d.request_schema === null &&
    d.response_schema === null
  );
}
