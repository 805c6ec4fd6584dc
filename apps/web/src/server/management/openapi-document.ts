import { type HttpMethod, hasBody, type ManagementRoute, TAGS } from "./define-route";
import { fieldSchema, nonPathInput, toJsonSchema } from "./input-schema";
import { MANAGEMENT_ROUTES, OPENAPI_PATH } from "./routes";

const ERROR_RESPONSES = {
  "400": "The input is not valid; `message` says what is wrong, `issues` lists each problem.",
  "401": "No API key, or a malformed, unknown or revoked one (or no session, for /keys).",
  "403": "The key's scope does not allow this (a read key on a write), or the request is not allowed.",
  "404": "No such thing in your team: another team's ids are answered exactly like unknown ones.",
  "405": "The path exists, the method does not; `Allow` lists the methods.",
  "409": "The change conflicts with the current state (a taken slug, a wallet with payment history).",
  "413": "The request body is larger than 256 KiB.",
  "415": "The body is not JSON (application/json).",
  "429": "Too many attempts with bad keys from this address; `Retry-After` says how long to wait.",
};

function operation(route: ManagementRoute) {
  const rest = nonPathInput(route);
  const restSchema = rest ? toJsonSchema(rest) : null;
  const parameters = route.pathParams.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: fieldSchema(route, name),
  }));
  if (restSchema && !hasBody(route.method)) {
    for (const [name, schema] of Object.entries(restSchema.properties ?? {})) {
      parameters.push({ name, in: "query", required: restSchema.required?.includes(name) ?? false, schema });
    }
  }
  const security = route.access === "session" ? [{ session: [] }] : [{ apiKey: [route.access] }];
  const codes = Object.entries(ERROR_RESPONSES).filter(([code]) => {
    if (code === "403" && route.access === "read") return false;
    if ((code === "413" || code === "415") && !hasBody(route.method)) return false;
    if (code === "404" && route.pathParams.length === 0 && !restSchema?.properties?.tenantId) return false;
    return true;
  });
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [TAGS[route.tag]],
    security,
    ...(parameters.length ? { parameters } : {}),
    ...(restSchema && hasBody(route.method)
      ? { requestBody: { required: true, content: { "application/json": { schema: restSchema } } } }
      : {}),
    responses: {
      [String(route.status)]: {
        description: route.status === 201 ? "Created." : "OK.",
        content: { "application/json": { schema: { type: "object" } } },
      },
      ...Object.fromEntries(
        codes.map(([code, description]) => [
          code,
          {
            description,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
  };
}

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the route table and the input schemas
 * (zod's own JSON Schema output), so it cannot describe an endpoint the handler does not serve.
 */
export function managementOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Partial<Record<Lowercase<HttpMethod>, unknown>>> = {};
  for (const route of MANAGEMENT_ROUTES) {
    paths[route.path] ??= {};
    const item = paths[route.path] as Partial<Record<Lowercase<HttpMethod>, unknown>>;
    item[route.method.toLowerCase() as Lowercase<HttpMethod>] = operation(route);
  }
  paths[OPENAPI_PATH] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      security: [],
      responses: { "200": { description: "The OpenAPI 3.1 document of /api/v1." } },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Tollbooth management API",
      version: "1",
      description: [
        "Script what the dashboard does: APIs, pricing rules, route docs, publish and pause, wallets, usage and payments.",
        "Authenticate with an API key: `Authorization: Bearer tb_live_…`. Create keys in the dashboard (API keys) or with a signed-in session at `POST /api/v1/keys`; a key is shown once, at creation. A read key may call every GET; a write key everything else too. Keys cannot create or revoke keys.",
        "A key acts for its team only: ids of other teams answer 404, exactly like unknown ids. Errors are JSON `{ error, message }`.",
        "Webhooks are not available yet.",
      ].join("\n\n"),
    },
    servers: [{ url: serverUrl }],
    tags: Object.values(TAGS).map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A management API key, tb_live_…" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "__Host-tb_session",
          description:
            "The dashboard's session cookie (tb_session over plain http in development). Mutations must come from this site's origin (Origin header).",
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error", "message"],
          properties: {
            error: { type: "string", description: "A stable code, like not_found or bad_request." },
            message: { type: "string", description: "What went wrong, in words you can show." },
            issues: {
              type: "array",
              description: "For 400s: each invalid field.",
              items: {
                type: "object",
                properties: {
                  path: { type: "string" },
                  message: { type: "string" },
                },
              },
            },
          },
        },
      },
    },
  };
}
