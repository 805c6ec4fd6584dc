import { isBodyTooLarge, isJsonRequest, MAX_JSON_BODY_BYTES, textProblem } from "../request-guard";
import { hasBody, type ManagementRoute } from "./define-route";
import { type JsonSchemaField, nonPathInput, toJsonSchema } from "./input-schema";

export type ReadInput =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: number; code: string; message: string };

const refuse = (status: number, code: string, message: string): ReadInput => ({
  ok: false,
  status,
  code,
  message,
});

/**
 * A query value as the field's JSON Schema type wants it: the query string only has text, the
 * schemas (shared with the tRPC procedures) want numbers and booleans. Anything that is not a
 * clean number or boolean is passed on as text, for the schema to refuse with its own words.
 */
function queryValue(raw: string, type: unknown): unknown {
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(raw))
    return Number(raw);
  if (types.includes("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/** Each route's query fields and their JSON Schema, worked out once. */
const queryFields = new WeakMap<ManagementRoute, Record<string, JsonSchemaField>>();

function fieldsOf(route: ManagementRoute): Record<string, JsonSchemaField> {
  let fields = queryFields.get(route);
  if (!fields) {
    const rest = nonPathInput(route);
    fields = rest ? (toJsonSchema(rest).properties ?? {}) : {};
    queryFields.set(route, fields);
  }
  return fields;
}

function readQuery(route: ManagementRoute, url: URL): Record<string, unknown> {
  const properties = fieldsOf(route);
  const value: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(properties)) {
    const raw = url.searchParams.get(name);
    if (raw !== null) value[name] = queryValue(raw, field.type);
  }
  return value;
}

async function readBody(req: Request): Promise<ReadInput> {
  if (isBodyTooLarge(req))
    return refuse(413, "payload_too_large", "The request body is larger than 256 KiB.");
  const text = await req.text();
  // A chunked body announces no length: measure what arrived.
  if (text.length > MAX_JSON_BODY_BYTES) {
    return refuse(413, "payload_too_large", "The request body is larger than 256 KiB.");
  }
  if (text.trim() === "") return { ok: true, value: {} };
  if (!isJsonRequest(req)) return refuse(415, "unsupported_media_type", "Send JSON (application/json).");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, "bad_request", "The request body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return refuse(400, "bad_request", "Send a JSON object.");
  }
  return { ok: true, value: body as Record<string, unknown> };
}

/**
 * The route's input before validation: the JSON body (POST, PUT, PATCH; an empty body is `{}`)
 * or the query string, with the path parameters laid over it so a body cannot name another id.
 */
export async function readInput(
  req: Request,
  route: ManagementRoute,
  params: Record<string, string>,
): Promise<ReadInput> {
  let value: Record<string, unknown>;
  if (hasBody(route.method)) {
    const body = await readBody(req);
    if (!body.ok) return body;
    value = body.value;
  } else {
    value = readQuery(route, new URL(req.url));
  }
  const merged = { ...value, ...params };
  const problem = textProblem(merged);
  return problem ? refuse(400, "bad_request", problem) : { ok: true, value: merged };
}
