/**
 * The operations of an OpenAPI 3 document as Tollbooth routes: method, path pattern (our grammar,
 * packages/contract/src/openapi-path.ts) and route docs (packages/contract/src/route-docs.ts), plus
 * a price when the operation carries our own `x-l402` extension (what the gateway's openapi.json
 * publishes, so an exported document imports back). Anything malformed is an AppError naming its
 * JSON pointer.
 */
import {
  HTTP_METHODS,
  MAX_ROUTE_DESCRIPTION_CHARS,
  MAX_ROUTE_EXAMPLE_CHARS,
  MAX_ROUTE_PARAMETERS,
  PARAMETER_TYPES,
  patternFromOpenApiPath,
  RouteDocs,
  type RouteParameter,
} from "@tollbooth/contract";
import { openApiProblem, pointer } from "./parse-document";
import { deref, inlineSchema } from "./resolve-ref";

export interface ImportedRoute {
  method: string;
  pathPattern: string;
  docs: RouteDocs;
  /** The operation's `x-l402` price, when it has one; else the import's price for new routes. */
  price: { kind?: unknown; price_sats?: unknown; calls_per_token?: unknown; pass_seconds?: unknown } | null;
  /** Where in the document the operation is (JSON pointer). */
  at: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const METHODS = HTTP_METHODS.map((m) => m.toLowerCase());
const PLACES = new Set(["query", "path", "header"]);
const TYPES = new Set<string>(PARAMETER_TYPES);

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function schemaType(schema: unknown): RouteParameter["type"] {
  const type = isObject(schema) ? schema.type : undefined;
  const first = Array.isArray(type) ? type.find((t) => t !== "null") : type;
  return typeof first === "string" && TYPES.has(first) ? (first as RouteParameter["type"]) : "string";
}

/** The JSON media type of a request body or response (`application/json`, `…+json`), else the first. */
function jsonContent(content: unknown): Json | null {
  if (!isObject(content)) return null;
  const key =
    Object.keys(content).find((k) => /^application\/([\w.-]+\+)?json\b/i.test(k)) ?? Object.keys(content)[0];
  const media = key === undefined ? undefined : content[key];
  return isObject(media) ? media : null;
}

function exampleText(root: unknown, media: Json | null, at: string): string | null {
  if (!media) return null;
  let value: unknown = media.example;
  if (value === undefined && isObject(media.examples)) {
    const first = Object.values(media.examples)[0];
    const example = deref(root, first, at);
    if (isObject(example)) value = example.value;
  }
  if (value === undefined) return null;
  return clip(typeof value === "string" ? value : JSON.stringify(value, null, 2), MAX_ROUTE_EXAMPLE_CHARS);
}

function readParameters(root: unknown, list: unknown, at: string): RouteParameter[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw openApiProblem(at, "parameters must be an array.");
  const out: RouteParameter[] = [];
  for (const [i, raw] of list.entries()) {
    const where = `${at}/${i}`;
    const p = deref(root, raw, where);
    if (!isObject(p)) throw openApiProblem(where, "a parameter must be an object.");
    if (typeof p.name !== "string" || p.name === "")
      throw openApiProblem(`${where}/name`, "a parameter needs a name.");
    if (typeof p.in !== "string" || !["query", "path", "header", "cookie"].includes(p.in)) {
      throw openApiProblem(`${where}/in`, "must be query, path, header or cookie.");
    }
    if (!PLACES.has(p.in)) continue; // cookies are the browser's business, not a caller's input
    out.push({
      name: p.name,
      in: p.in as RouteParameter["in"],
      type: schemaType(deref(root, p.schema, `${where}/schema`)),
      required: p.in === "path" || p.required === true,
      description: clip(typeof p.description === "string" ? p.description : "", 500),
    });
  }
  return out;
}

/** Operation parameters override path-level ones of the same name and place (as OpenAPI says). */
function mergeParameters(pathLevel: RouteParameter[], operation: RouteParameter[]): RouteParameter[] {
  const key = (p: RouteParameter) => `${p.in}:${p.name}`;
  const own = new Set(operation.map(key));
  return [...pathLevel.filter((p) => !own.has(key(p))), ...operation];
}

/** The top-level properties of a request body's object schema, as `body` parameters. */
function bodyParameters(schema: unknown): RouteParameter[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties)
    .filter(([name]) => /^[A-Za-z0-9_.\-[\]]{1,100}$/.test(name))
    .map(([name, prop]) => ({
      name,
      in: "body" as const,
      type: schemaType(prop),
      required: required.has(name),
      description: clip(isObject(prop) && typeof prop.description === "string" ? prop.description : "", 500),
    }));
}

function successResponse(responses: unknown): unknown {
  if (!isObject(responses)) return undefined;
  const code = Object.keys(responses)
    .filter((c) => /^2(\d\d|XX)$/i.test(c))
    .sort()[0];
  return code === undefined ? responses.default : responses[code];
}

export function readOperations(doc: unknown): ImportedRoute[] {
  if (!isObject(doc)) throw openApiProblem("", "the document must be an object.");
  if (typeof doc.openapi !== "string" || !/^3\.\d+(\.\d+)?/.test(doc.openapi)) {
    throw openApiProblem(
      pointer("openapi"),
      'must be an OpenAPI 3 version such as "3.1.0" (Swagger 2 is not read).',
    );
  }
  if (!isObject(doc.paths)) throw openApiProblem(pointer("paths"), "must be an object of paths.");
  const routes: ImportedRoute[] = [];
  for (const [template, rawItem] of Object.entries(doc.paths)) {
    const pathAt = pointer("paths", template);
    const item = deref(doc, rawItem, pathAt);
    if (!isObject(item)) throw openApiProblem(pathAt, "a path item must be an object.");
    const converted = patternFromOpenApiPath(template);
    if (!converted.ok) throw openApiProblem(pathAt, converted.message);
    const shared = readParameters(doc, item.parameters, `${pathAt}/parameters`);
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const at = `${pathAt}/${method}`;
      if (!isObject(op)) throw openApiProblem(at, "an operation must be an object.");
      const parameters = mergeParameters(shared, readParameters(doc, op.parameters, `${at}/parameters`));
      const body = deref(doc, op.requestBody, `${at}/requestBody`);
      const bodyMedia = isObject(body) ? jsonContent(body.content) : null;
      const requestSchema =
        bodyMedia?.schema === undefined ? null : inlineSchema(doc, bodyMedia.schema, `${at}/requestBody`);
      const response = deref(doc, successResponse(op.responses), `${at}/responses`);
      const responseMedia = isObject(response) ? jsonContent(response.content) : null;
      const responseSchema =
        responseMedia?.schema === undefined
          ? null
          : inlineSchema(doc, responseMedia.schema, `${at}/responses`);
      const all = [...parameters, ...bodyParameters(requestSchema)].slice(0, MAX_ROUTE_PARAMETERS);
      const text = [op.summary, op.description]
        .filter((t) => typeof t === "string" && t.trim() !== "")
        .join("\n\n");
      const parsed = RouteDocs.safeParse({
        description: clip(text, MAX_ROUTE_DESCRIPTION_CHARS),
        parameters: all,
        example_request: exampleText(doc, bodyMedia, `${at}/requestBody`),
        example_response: exampleText(doc, responseMedia, `${at}/responses`),
        request_schema: isObject(requestSchema) ? requestSchema : null,
        response_schema: isObject(responseSchema) ? responseSchema : null,
      });
      if (!parsed.success)
        throw openApiProblem(at, parsed.error.issues[0]?.message ?? "its docs are not valid.");
      const extension = op["x-l402"];
      routes.push({
        method: method.toUpperCase(),
        pathPattern: converted.pattern,
        docs: parsed.data,
        price: isObject(extension) ? extension : null,
        at,
      });
    }
  }
  if (routes.length === 0)
    throw openApiProblem(pointer("paths"), "the document has no operations to import.");
  return routes;
}
