import assert from "node:assert/strict";
import { test } from "node:test";
import { openApiPathOf, patternFromOpenApiPath } from "../src/openapi-path";
import { MAX_ROUTE_SCHEMA_BYTES, RouteDocs, readRouteDocs } from "../src/route-docs";

test("route docs: defaults fill a partial object; empty docs read as none", () => {
  const docs = RouteDocs.parse({
    description: "Forecast",
    parameters: [{ name: "city", in: "query", type: "string" }],
  });
  assert.deepEqual(docs.parameters[0], {
    name: "city",
    in: "query",
    type: "string",
    required: false,
    description: "",
  });
  assert.equal(docs.example_request, null);
  assert.equal(readRouteDocs({}), null);
  assert.equal(readRouteDocs(null), null);
  assert.equal(readRouteDocs({ description: 5 }), null, "a stored value of another shape is not shown");
  assert.equal(readRouteDocs({ description: "x" })?.description, "x");
});

test("route docs: bounds and shapes are refused with a message", () => {
  const refuse = (value: unknown, message: RegExp) => {
    const r = RouteDocs.safeParse(value);
    assert.equal(r.success, false, JSON.stringify(value).slice(0, 80));
    assert.match(r.error?.issues[0]?.message ?? "", message);
  };
  refuse({ description: "x".repeat(2001) }, /at most 2,000 characters/);
  refuse({ description: "a\0b" }, /NUL/);
  refuse({ parameters: [{ name: "a b", in: "query", type: "string" }] }, /letters, digits/);
  refuse({ parameters: [{ name: "a", in: "cookie", type: "string" }] }, /query, path, header or body/);
  refuse({ parameters: [{ name: "a", in: "query", type: "date" }] }, /type is one of/);
  refuse(
    {
      parameters: [
        { name: "a", in: "query", type: "string" },
        { name: "a", in: "query", type: "integer" },
      ],
    },
    /listed twice/,
  );
  refuse({ request_schema: { description: "x".repeat(MAX_ROUTE_SCHEMA_BYTES) } }, /JSON Schema is at most/);
  let deep: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < 30; i++) deep = { items: deep };
  refuse({ response_schema: deep }, /nests at most/);
  refuse({ response_schema: [1, 2] }, /./);
});

test("OpenAPI path templates and path patterns map both ways", () => {
  assert.deepEqual(patternFromOpenApiPath("/v1/items/{id}"), { ok: true, pattern: "/v1/items/:id" });
  assert.deepEqual(patternFromOpenApiPath("/"), { ok: true, pattern: "/" });
  assert.equal(patternFromOpenApiPath("/files/{id}.json").ok, false);
  assert.equal(patternFromOpenApiPath("/a b").ok, false, "our grammar: no spaces");
  assert.equal(patternFromOpenApiPath("v1").ok, false);
  assert.deepEqual(openApiPathOf("/v1/items/:id"), { path: "/v1/items/{id}", pathParameters: ["id"] });
  assert.deepEqual(openApiPathOf("/v1/*"), { path: "/v1/{path}", pathParameters: ["path"] });
  assert.deepEqual(openApiPathOf("/:path/*"), { path: "/{path}/{path_}", pathParameters: ["path", "path_"] });
  assert.deepEqual(openApiPathOf("/"), { path: "/", pathParameters: [] });
});
