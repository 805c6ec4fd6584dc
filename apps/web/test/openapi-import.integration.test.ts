import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";
import { MALFORMED_OPENAPI, WEATHER_OPENAPI_YAML } from "./openapi-fixtures";

/**
 * "Import OpenAPI 3" through tRPC on a real Postgres: preview → confirm with the plan hash →
 * routes created and documented; a stale preview is 409; a malformed document is a 400 that
 * names where; a later pricing save keeps the docs.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
type Caller = ReturnType<typeof createCaller>;
let caller: Caller;
let apiId: string;

function ctx(user: Awaited<ReturnType<typeof getSessionUser>>) {
  return { db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false };
}

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TRPCError, `expected a TRPCError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}

before(async () => {
  const s = await signUp(db, {
    email: `docs-${run}@import.test`,
    password: "a long enough password",
    tenantName: `Docs ${run}`,
  });
  const user = await getSessionUser(db, s.token);
  assert.ok(user);
  caller = createCaller(ctx(user));
  const api = await caller.apis.create({
    name: "Weather docs",
    slug: `docs-${run}`,
    category: "weather",
    upstreamBaseUrl: "http://127.0.0.1:9/v1",
  });
  apiId = api.id;
  // The dashboard's usual first rule: any method on the forecast path, 2 sats.
  await caller.apis.setPricingRules({
    apiId,
    rules: [{ method: "*", pathPattern: "/v1/forecast", kind: "per_call", priceSats: 2 }],
  });
});

after(async () => {
  await db.$disconnect();
});

const newRoutes = { kind: "per_call" as const, priceSats: 4 };

interface TreeSchema {
  properties?: { children?: { items?: TreeSchema } };
}

describe("OpenAPI import", () => {
  test("preview shows the plan, apply writes it, prices of existing routes unchanged", async () => {
    const preview = await caller.apis.previewOpenApiImport({
      apiId,
      document: WEATHER_OPENAPI_YAML,
      newRoutes,
    });
    assert.deepEqual(preview.summary, { create: 1, update: 1, unchanged: 0 });
    const forecast = preview.routes.find((r) => r.pathPattern === "/v1/forecast");
    assert.equal(forecast?.action, "update");
    assert.equal(forecast?.method, "*", "documents the existing any-method rule");
    const station = preview.routes.find((r) => r.pathPattern === "/v1/stations/:id");
    assert.equal(station?.action, "create");
    assert.equal(station?.method, "POST");
    assert.equal(station?.priceSats, 7, "the operation's x-l402 price wins over the import's default");
    assert.equal(station?.callsPerToken, 3);
    // Nothing written by a preview.
    const before = await caller.apis.get({ apiId });
    assert.equal(before.pricingRules.length, 1);
    assert.equal(before.pricingRules[0]?.docs, null);

    const applied = await caller.apis.applyOpenApiImport({
      apiId,
      document: WEATHER_OPENAPI_YAML,
      newRoutes,
      planHash: preview.planHash,
    });
    assert.deepEqual(applied.summary, preview.summary);
    const view = await caller.apis.get({ apiId });
    assert.deepEqual(
      view.pricingRules.map((r) => [r.method, r.pathPattern, r.kind, r.priceSats]),
      [
        ["*", "/v1/forecast", "per_call", 2],
        ["POST", "/v1/stations/:id", "per_call", 7],
      ],
    );
    const docs = view.pricingRules[0]?.docs;
    assert.equal(docs?.description, "Forecast for a city\n\nHourly, up to 7 days.");
    assert.deepEqual(
      docs?.parameters.map((p) => [p.name, p.in, p.type, p.required]),
      [
        ["city", "query", "string", true],
        ["days", "query", "integer", false],
      ],
      "cookies are not caller inputs",
    );
    // $refs inlined, recursively: the stored schema stands alone.
    assert.deepEqual(docs?.response_schema, {
      type: "object",
      properties: {
        city: { type: "string" },
        hours: { type: "array", items: { type: "object", properties: { t: { type: "number" } } } },
      },
    });
    assert.match(docs?.example_response ?? "", /"city": "Lisbon"/);
    const station2 = view.pricingRules[1]?.docs;
    assert.deepEqual(
      station2?.parameters.map((p) => [p.name, p.in, p.type, p.required]),
      [
        ["id", "path", "string", true],
        ["celsius", "body", "number", true],
        ["note", "body", "string", false],
      ],
    );
    assert.equal(station2?.request_schema?.type, "object");

    // The same document again: nothing left to do.
    const again = await caller.apis.previewOpenApiImport({
      apiId,
      document: WEATHER_OPENAPI_YAML,
      newRoutes,
    });
    assert.deepEqual(again.summary, { create: 0, update: 0, unchanged: 2 });
  });

  test("a pricing save that leaves docs out keeps them; null clears them", async () => {
    const view = await caller.apis.get({ apiId });
    const rules = view.pricingRules.map(({ method, pathPattern, kind, priceSats, callsPerToken }) => ({
      method: method as "*",
      pathPattern,
      kind,
      priceSats: priceSats + 1,
      callsPerToken,
    }));
    const saved = await caller.apis.setPricingRules({ apiId, rules });
    assert.equal(saved.pricingRules[0]?.priceSats, 3);
    assert.equal(saved.pricingRules[0]?.docs?.description, "Forecast for a city\n\nHourly, up to 7 days.");
    assert.equal(saved.pricingRules[1]?.docs?.parameters.length, 3);
    const cleared = await caller.apis.setPricingRules({
      apiId,
      rules: rules.map((r, i) => (i === 1 ? { ...r, docs: null } : r)),
    });
    assert.equal(cleared.pricingRules[1]?.docs, null);
    assert.ok(cleared.pricingRules[0]?.docs);
    // Edited on its own: one route's docs, price untouched.
    const edited = await caller.apis.setRouteDocs({
      apiId,
      ruleId: cleared.pricingRules[1]!.id,
      docs: { description: "Report a reading", parameters: [{ name: "id", in: "path", type: "string" }] },
    });
    assert.equal(edited.pricingRules[1]?.docs?.description, "Report a reading");
    assert.equal(edited.pricingRules[1]?.docs?.parameters[0]?.required, false);
    assert.equal(edited.pricingRules[1]?.priceSats, 8);
  });

  test("a preview made stale by another save is refused with 409, nothing written", async () => {
    const doc = JSON.stringify({ openapi: "3.1.0", paths: { "/v1/alerts": { get: { summary: "Alerts" } } } });
    const preview = await caller.apis.previewOpenApiImport({ apiId, document: doc, newRoutes });
    const view = await caller.apis.get({ apiId });
    // Same prices saved again: new rule rows, so the preview no longer describes them.
    await caller.apis.setPricingRules({
      apiId,
      rules: view.pricingRules.map(({ method, pathPattern, kind, priceSats, callsPerToken }) => ({
        method: method as "*",
        pathPattern,
        kind,
        priceSats,
        callsPerToken,
      })),
    });
    await rejectsWith(
      caller.apis.applyOpenApiImport({ apiId, document: doc, newRoutes, planHash: preview.planHash }),
      "CONFLICT",
      /changed since this preview/,
    );
    assert.equal((await caller.apis.get({ apiId })).pricingRules.length, 2);
  });

  test("a recursive schema is inlined to a bounded depth, not refused", async () => {
    const document = JSON.stringify({
      openapi: "3.1.0",
      paths: {
        "/v1/tree": {
          get: {
            responses: {
              "200": {
                description: "ok",
                content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Node: {
            type: "object",
            properties: {
              name: { type: "string" },
              children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
            },
          },
        },
      },
    });
    const preview = await caller.apis.previewOpenApiImport({ apiId, document, newRoutes });
    let node = preview.routes[0]?.docs.response_schema as TreeSchema | null | undefined;
    let levels = 0;
    while (node?.properties?.children?.items) {
      node = node.properties.children.items;
      levels += 1;
    }
    assert.ok(levels >= 2, `inlined ${levels} levels`);
    assert.deepEqual(node, {}, "cut to an empty schema where the recursion stops");
  });

  test("malformed documents are 400s that say where", async () => {
    for (const [document, message] of MALFORMED_OPENAPI) {
      await rejectsWith(
        caller.apis.previewOpenApiImport({ apiId, document, newRoutes }),
        "BAD_REQUEST",
        message,
      );
    }
  });
});
