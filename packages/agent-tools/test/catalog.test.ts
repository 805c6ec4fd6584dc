import assert from "node:assert/strict";
import { test } from "node:test";
import {
  affordable,
  type CatalogApi,
  matchHubUrl,
  parametersSchema,
  parseCatalog,
  readBounded,
} from "../src/index";

const api = (slug: string, over: Partial<CatalogApi> = {}): CatalogApi => ({
  slug,
  name: slug,
  gatewayUrls: { subdomain: `http://${slug}.gw.localhost:8402/`, path: `http://127.0.0.1:8402/${slug}/` },
  routes: [{ method: "GET", path: "/x", kind: "per_call", priceSats: 5, callsPerToken: 1 }],
  defaultRoute: { kind: "refuse", priceSats: 0, callsPerToken: 1 },
  ...over,
});

test("matchHubUrl finds the API of either URL style and the path inside it", () => {
  const apis = [api("weather"), api("weather-pro")];
  assert.deepEqual(
    [matchHubUrl(new URL("http://127.0.0.1:8402/weather/v1/x?q=1"), apis)].map((m) => [m?.api.slug, m?.path]),
    [["weather", "/v1/x"]],
  );
  assert.equal(matchHubUrl(new URL("http://127.0.0.1:8402/weather-pro/x"), apis)?.api.slug, "weather-pro");
  assert.equal(matchHubUrl(new URL("http://127.0.0.1:8402/weather"), apis)?.path, "/");
  assert.equal(matchHubUrl(new URL("http://weather.gw.localhost:8402/a"), apis)?.path, "/a");
  assert.equal(
    matchHubUrl(new URL("http://127.0.0.1:8402/weatherx/a"), apis),
    null,
    "a slug prefix is not a match",
  );
  assert.equal(matchHubUrl(new URL("http://127.0.0.1:9999/weather/a"), apis), null, "another origin");
  assert.equal(matchHubUrl(new URL("http://evil.example/weather/a"), apis), null);
});

test("affordable counts free routes and a priced default route", () => {
  assert.equal(affordable(api("a"), 4), false);
  assert.equal(affordable(api("a"), 5), true);
  assert.equal(
    affordable(api("a", { routes: [{ method: "*", path: "/*", kind: "free", priceSats: 9 }] }), 0),
    true,
  );
  assert.equal(
    affordable(api("a", { defaultRoute: { kind: "per_call", priceSats: 1, callsPerToken: 1 } }), 1),
    true,
  );
});

test("parseCatalog skips malformed entries and tolerates missing docs and links", () => {
  const apis = parseCatalog({ apis: [api("ok"), { slug: 3 }, { ...api("docs"), links: null }] });
  assert.deepEqual(
    apis.map((a) => a.slug),
    ["ok", "docs"],
  );
  assert.throws(() => parseCatalog({ nope: true }));
});

test("readBounded keeps a prefix and says how large the body was", async () => {
  const body = await readBounded(new Response("x".repeat(1000)), 10, 500);
  assert.equal(body.bytes.byteLength, 10);
  assert.equal(body.truncated, true);
  assert.equal(body.complete, false, "stopped counting at the limit");
  const small = await readBounded(new Response("hello"), 10, 100);
  assert.deepEqual(
    [new TextDecoder().decode(small.bytes), small.totalBytes, small.truncated, small.complete],
    ["hello", 5, false, true],
  );
});

test("parametersSchema turns route docs into a JSON Schema per place; nothing documented = null", () => {
  assert.equal(parametersSchema(null), null);
  assert.equal(parametersSchema({ description: "x", parameters: [] }), null);
  assert.deepEqual(
    parametersSchema({
      parameters: [
        { name: "city", in: "query", type: "string", required: true, description: "a city" },
        { name: "days", in: "query", type: "int32", required: false },
        { name: "id", in: "path", type: "integer", required: true },
      ],
      schema: { type: "object", properties: { text: { type: "string" } } },
    }),
    {
      type: "object",
      properties: {
        path: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
        query: {
          type: "object",
          properties: { city: { type: "string", description: "a city" }, days: { type: "string" } },
          required: ["city"],
        },
        body: { type: "object", properties: { text: { type: "string" } } },
      },
      required: ["path", "query"],
    },
  );
});

test("parametersSchema: request_schema is the body; without one, the body parameters are", () => {
  const bodySchema = { type: "object", required: ["celsius"], properties: { celsius: { type: "number" } } };
  assert.deepEqual(parametersSchema({ request_schema: bodySchema, parameters: [] }), {
    type: "object",
    properties: { body: bodySchema },
    required: ["body"],
  });
  assert.deepEqual(
    parametersSchema({ parameters: [{ name: "note", in: "body", type: "string", required: false }] }),
    {
      type: "object",
      properties: { body: { type: "object", properties: { note: { type: "string" } }, required: [] } },
    },
  );
});
