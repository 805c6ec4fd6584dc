/**
 * The discovery documents on the real gateway (Postgres, loopback HTTP): `/.well-known/l402.json`
 * in the L402 discovery draft's shape with Tollbooth's members, and `/.well-known/l402/openapi.json`
 * (OpenAPI 3.1) carrying each route's docs from `pricing_rules.docs` and its price as `x-l402`.
 * Neither mints an invoice; a docs edit reaches them on the next config reload.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DiscoveryDocument } from "@tollbooth/contract";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";

const FORECAST_DOCS = {
  description: "Forecast for a city\nHourly, up to 7 days.",
  parameters: [
    { name: "city", in: "query", type: "string", required: true, description: "City name" },
    { name: "days", in: "query", type: "integer", required: false, description: "" },
  ],
  example_request: null,
  example_response: '{"city":"Lisbon","t":21.5}',
  request_schema: null,
  response_schema: { type: "object", properties: { city: { type: "string" }, t: { type: "number" } } },
};

const STATION_DOCS = {
  description: "Report a reading",
  parameters: [{ name: "celsius", in: "body", type: "number", required: true, description: "" }],
  example_request: '{"celsius":20.1}',
  example_response: null,
  request_schema: null,
  response_schema: null,
};

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, read by shape in the asserts
type Json = Record<string, any>;

describe("discovery documents", () => {
  let stack: PaidStack;
  let gateway: RunningGateway;
  let api: CreatedApi;

  before(async () => {
    stack = await PaidStack.start();
    gateway = await stack.startGateway();
    api = await stack.createApi({
      upstreamBaseUrl: "http://127.0.0.1:9/v1",
      rules: [
        { method: "GET", pathPattern: "/v1/forecast", priceSats: 2, callsPerToken: 3, docs: FORECAST_DOCS },
        { method: "POST", pathPattern: "/v1/stations/:id", priceSats: 7, docs: STATION_DOCS },
        { method: "*", pathPattern: "/v1/files/*", kind: "time_pass", priceSats: 50, passSeconds: 3600 },
        { method: "GET", pathPattern: "/v1/status", kind: "free", priceSats: 0 },
      ],
      defaultRoute: { kind: "refuse" },
    });
    await stack.waitForApi(gateway, api.slug);
  });
  after(async () => {
    await stack.stop();
  });

  it("l402.json follows the discovery draft and keeps Tollbooth's members", async () => {
    const res = await send(gateway.port, `/${api.slug}/.well-known/l402.json`);
    assert.equal(res.status, 200, res.body);
    const doc = DiscoveryDocument.parse(res.json());
    const base = `http://127.0.0.1:8402/${api.slug}`;
    assert.equal(doc.version, "1.0");
    assert.deepEqual(doc.currencies, ["msat"]);
    assert.equal(doc.openapi, `${base}/.well-known/l402/openapi.json`);
    assert.equal(doc.quote_url, `${base}/.well-known/l402/quote`);
    const resources = doc.services[0]?.resources ?? [];
    assert.deepEqual(
      resources.map((r) => [r.method, r.path, r.pricing.price_msat]),
      [
        ["GET", "/v1/forecast", 6000],
        ["POST", "/v1/stations/:id", 7000],
        ["*", "/v1/files/*", 50000],
        ["GET", "/v1/status", 0],
      ],
      "one payment's msat: price × calls for per-call routes",
    );
    assert.equal((resources[0] as Json).description, FORECAST_DOCS.description);
    assert.equal(doc.routes.length, 4);
    assert.equal(doc.default_route, null);
  });

  it("openapi.json describes every route with its docs and price", async () => {
    const res = await send(gateway.port, `/${api.slug}/.well-known/l402/openapi.json`);
    assert.equal(res.status, 200, res.body);
    const doc = res.json<Json>();
    assert.equal(doc.openapi, "3.1.0");
    assert.equal(doc.servers[0].url, `http://127.0.0.1:8402/${api.slug}`);
    assert.deepEqual(Object.keys(doc.paths), [
      "/v1/forecast",
      "/v1/stations/{id}",
      "/v1/files/{path}",
      "/v1/status",
    ]);

    const forecast = doc.paths["/v1/forecast"].get;
    assert.equal(forecast.summary, "Forecast for a city");
    assert.deepEqual(
      forecast.parameters.map((p: Json) => [p.name, p.in, p.required, p.schema.type]),
      [
        ["city", "query", true, "string"],
        ["days", "query", false, "integer"],
      ],
    );
    assert.deepEqual(
      forecast.responses["200"].content["application/json"].schema,
      FORECAST_DOCS.response_schema,
    );
    assert.deepEqual(forecast.responses["200"].content["application/json"].example, {
      city: "Lisbon",
      t: 21.5,
    });
    assert.deepEqual(forecast["x-l402"], {
      kind: "per_call",
      price_sats: 2,
      amount_sats: 6,
      calls_per_token: 3,
      pass_seconds: null,
    });
    assert.deepEqual(forecast["x-l402-pricing"], { model: "fixed", price_msat: 6000 });
    assert.deepEqual(forecast.security, [{ L402: [] }]);
    assert.ok(forecast.responses["402"]);

    const station = doc.paths["/v1/stations/{id}"].post;
    assert.deepEqual(station.parameters, [
      { name: "id", in: "path", required: true, schema: { type: "string" } },
    ]);
    assert.deepEqual(station.requestBody.content["application/json"].schema, {
      type: "object",
      properties: { celsius: { type: "number" } },
      required: ["celsius"],
    });
    assert.deepEqual(station.requestBody.content["application/json"].example, { celsius: 20.1 });

    // Any method on a prefix: the common methods, the rest of the path as one parameter.
    const files = doc.paths["/v1/files/{path}"];
    assert.deepEqual(Object.keys(files), ["get", "post", "put", "patch", "delete"]);
    assert.equal(files.get["x-l402"].kind, "time_pass");
    assert.equal(files.get["x-l402"].pass_seconds, 3600);
    assert.equal(files.get.parameters[0].description, "the rest of the path");

    const status = doc.paths["/v1/status"].get;
    assert.deepEqual(status.security, [], "a free route needs no credential");
    assert.equal(status.responses["402"], undefined);
    assert.equal(doc["x-l402-default-route"], null);
  });

  it("serves neither by POST, mints no invoice, and follows a docs edit", async () => {
    const post = await send(gateway.port, `/${api.slug}/.well-known/l402/openapi.json`, { method: "POST" });
    assert.equal(post.status, 405);
    const challenges = await stack.pg.query("SELECT count(*)::int AS n FROM challenges WHERE api_id = $1", [
      api.id,
    ]);
    assert.equal(challenges.rows[0].n, 0);
    await stack.pg.query("UPDATE pricing_rules SET docs = $2::jsonb WHERE id = $1", [
      api.ruleIds[3],
      JSON.stringify({ description: "Is the service up?" }),
    ]);
    let summary: unknown;
    for (let i = 0; i < 100 && summary !== "Is the service up?"; i++) {
      await gateway.config.reload();
      const doc = (await send(gateway.port, `/${api.slug}/.well-known/l402/openapi.json`)).json<Json>();
      summary = doc.paths["/v1/status"].get.summary;
      if (summary !== "Is the service up?") await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(summary, "Is the service up?");
  });
});
