/**
 * `GET /.well-known/l402/openapi.json`: the tenant API as an OpenAPI 3.1 document — the L402
 * discovery draft's self-describing profile. Every route (in pricing order) becomes operations
 * with its docs (parameters, bodies, examples, JSON Schemas) and its price inline: the draft's
 * `x-l402-pricing` (msat per payment) and Tollbooth's `x-l402` (kind, price_sats, calls per
 * payment or pass length — what the web's OpenAPI import reads back). Built per request from the
 * loaded config: only discovery reads route docs, never the paid path.
 */
import type { ServerResponse } from "node:http";
import {
  DISCOVERY_PATH,
  DISCOVERY_VERSION,
  openApiPathOf,
  QUOTE_PATH,
  type RouteDocs,
  type RouteParameter,
} from "@tollbooth/contract";
import type { TenantApi } from "../config/tenant-config";
import type { RoutePrice } from "../pricing/price-route";
import { draftPricing, routeTerms } from "./discovery";
import { sendJson } from "./send-error";

export { OPENAPI_PATH } from "@tollbooth/contract";

/** What "any method" is published as: the methods that carry calls (HEAD/OPTIONS are implied). */
const ANY_METHOD = ["get", "post", "put", "patch", "delete"];
const BODY_METHODS = new Set(["post", "put", "patch"]);

type Json = Record<string, unknown>;

/** An example as the provider wrote it: JSON text becomes the JSON value, other text stays text. */
function exampleValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The route's price in the draft's vocabulary and in Tollbooth's. */
function priceExtensions(rule: RoutePrice): Json {
  return { "x-l402-pricing": draftPricing(rule), "x-l402": routeTerms(rule) };
}

function parameterObject(p: RouteParameter): Json {
  return {
    name: p.name,
    in: p.in,
    required: p.in === "path" ? true : p.required,
    ...(p.description ? { description: p.description } : {}),
    schema: { type: p.type },
  };
}

/** A request body from a documented JSON Schema, else from the `body` parameters. */
function requestBody(docs: RouteDocs | undefined): Json | null {
  if (!docs) return null;
  const bodyParams = docs.parameters.filter((p) => p.in === "body");
  const schema =
    docs.request_schema ??
    (bodyParams.length > 0
      ? {
          type: "object",
          properties: Object.fromEntries(
            bodyParams.map((p) => [
              p.name,
              { type: p.type, ...(p.description ? { description: p.description } : {}) },
            ]),
          ),
          required: bodyParams.filter((p) => p.required).map((p) => p.name),
        }
      : null);
  if (!schema && docs.example_request === null) return null;
  return {
    content: {
      "application/json": {
        ...(schema ? { schema } : {}),
        ...(docs.example_request !== null ? { example: exampleValue(docs.example_request) } : {}),
      },
    },
  };
}

function operation(api: TenantApi, rule: RoutePrice, method: string, pathParameters: string[]): Json {
  const docs = api.routeDocs.get(rule.scopeKey);
  const documented = new Map(
    (docs?.parameters ?? []).filter((p) => p.in !== "body").map((p) => [`${p.in}:${p.name}`, p]),
  );
  // Every path parameter the pattern has is listed, documented or not (OpenAPI requires it).
  const parameters: Json[] = pathParameters.map((name) =>
    parameterObject(
      documented.get(`path:${name}`) ?? {
        name,
        in: "path",
        type: "string",
        required: true,
        description:
          rule.pathPattern.endsWith("/*") && name === pathParameters.at(-1) ? "the rest of the path" : "",
      },
    ),
  );
  for (const p of documented.values()) if (p.in !== "path") parameters.push(parameterObject(p));
  const explicit = rule.method !== "*";
  const body = explicit || BODY_METHODS.has(method) ? requestBody(docs) : null;
  const [summary] = (docs?.description ?? "").split("\n");
  const paid = rule.kind !== "free";
  return {
    operationId: `${method}_${rule.pathPattern}`.replace(/[^A-Za-z0-9_]+/g, "_").replace(/_+$/, ""),
    ...(summary ? { summary: summary.slice(0, 200) } : {}),
    ...(docs?.description ? { description: docs.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    security: paid ? [{ L402: [] }] : [],
    "x-l402-service": api.slug,
    ...priceExtensions(rule),
    responses: {
      "200": {
        description: "The upstream's answer.",
        ...(docs?.response_schema || docs?.example_response
          ? {
              content: {
                "application/json": {
                  ...(docs.response_schema ? { schema: docs.response_schema } : {}),
                  ...(docs.example_response !== null ? { example: exampleValue(docs.example_response) } : {}),
                },
              },
            }
          : {}),
      },
      ...(paid
        ? {
            "402": {
              description: "Payment Required: an L402 challenge (invoice and macaroon) for this route.",
              headers: {
                "WWW-Authenticate": {
                  schema: { type: "string" },
                  description: 'L402 macaroon="<base64>", invoice="<bolt11>"',
                },
              },
            },
          }
        : {}),
    },
  };
}

function openApiDocument(api: TenantApi, baseUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const rule of api.rules) {
    const { path, pathParameters } = openApiPathOf(rule.pathPattern);
    const item = paths[path] ?? {};
    const methods = rule.method === "*" ? ANY_METHOD : [rule.method.toLowerCase()];
    for (const method of methods) {
      // The first rule for a method and path prices it (as the gateway does): later ones never match.
      if (item[method] === undefined) item[method] = operation(api, rule, method, pathParameters);
    }
    paths[path] = item;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: api.name,
      version: DISCOVERY_VERSION,
      ...(api.description ? { description: api.description } : {}),
      "x-l402-version": DISCOVERY_VERSION,
      "x-l402-provider": { name: api.name, uri: baseUrl, currencies: ["msat"] },
    },
    servers: [{ url: baseUrl }],
    "x-l402-manifest": `${baseUrl}${DISCOVERY_PATH}`,
    "x-tollbooth-quote": `${baseUrl}${QUOTE_PATH}`,
    // Paths no route matches: refused (null), free, or per call at this price.
    "x-l402-default-route": api.defaultRoute ? priceExtensions(api.defaultRoute) : null,
    components: {
      securitySchemes: {
        L402: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          "x-l402-scheme": "L402",
          description: "Authorization: L402 <macaroon>:<preimage>, obtained by paying a 402 challenge.",
        },
      },
    },
    paths,
  };
}

export function sendOpenApi(res: ServerResponse, api: TenantApi, baseUrl: string): void {
  sendJson(res, 200, openApiDocument(api, baseUrl), { "cache-control": "public, max-age=1" });
}
