import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  type CatalogApi,
  parametersSchema,
  parseCatalog,
  registerTollboothTools,
} from "@tollbooth/agent-tools";
import { createDb } from "@tollbooth/db";
import { type GatewayStack, startGatewayStack } from "../../../packages/cli/test/support/gateway-stack";
import { GET as catalogGet } from "../src/app/api/catalog/route";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { getCatalogEntry } from "../src/server/catalog/list-catalog";
import { createCaller } from "../src/server/trpc/root";

/**
 * One OpenAPI document, imported in the dashboard (tRPC on a real Postgres), ends up everywhere a
 * buyer reads route docs: the hub's `GET /api/catalog` (the route handler itself), the real
 * gateway's `openapi.json` (spawned like `npm start`), and the MCP tools' `get_api` parameter
 * schemas (the official MCP client over an in-memory transport). The gateway's openapi.json then
 * imports back with nothing to change.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);

const DOCUMENT = JSON.stringify({
  openapi: "3.1.0",
  info: { title: "Weather", version: "1" },
  paths: {
    "/forecast": {
      get: {
        summary: "Forecast for a city",
        parameters: [{ name: "city", in: "query", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "ok", content: { "application/json": { example: { t: 21.5 } } } },
        },
      },
    },
    "/stations/{id}": {
      post: {
        summary: "Report a reading",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          content: {
            "application/json": {
              schema: { type: "object", required: ["celsius"], properties: { celsius: { type: "number" } } },
            },
          },
        },
        responses: { "201": { description: "stored" } },
      },
    },
  },
});

type Json = Record<string, unknown>;

describe("imported route docs reach the catalog, openapi.json and the MCP tools", () => {
  let stack: GatewayStack;
  let caller: ReturnType<typeof createCaller>;
  let apiId: string;

  before(async () => {
    stack = await startGatewayStack([{ method: "GET", pathPattern: "/forecast", priceSats: 3 }]);
    process.env.GATEWAY_PUBLIC_URL = new URL(stack.apiUrl).origin;
    const api = await db.api.findUniqueOrThrow({ where: { slug: stack.slug } });
    apiId = api.id;
    const session = await signUp(db, {
      email: `${stack.slug}@docs-flow.test`,
      password: "a long enough password",
      tenantName: `Docs flow ${stack.slug}`,
    });
    const account = await getSessionUser(db, session.token);
    assert.ok(account);
    // The stack's tenant is this provider's too.
    await db.tenantMember.create({ data: { tenantId: api.tenantId, userId: account.id } });
    const user = await getSessionUser(db, session.token);
    caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
  });

  after(async () => {
    await stack?.stop();
    await db.$disconnect();
  });

  const newRoutes = { kind: "per_call" as const, priceSats: 5 };

  test("import → catalog → openapi.json → MCP get_api", async () => {
    const preview = await caller.apis.previewOpenApiImport({ apiId, document: DOCUMENT, newRoutes });
    assert.deepEqual(preview.summary, { create: 1, update: 1, unchanged: 0 });
    await caller.apis.applyOpenApiImport({
      apiId,
      document: DOCUMENT,
      newRoutes,
      planHash: preview.planHash,
    });

    // The catalog, through its route handler.
    const res = await catalogGet(new Request(`http://hub.test/api/catalog?q=${stack.slug}`));
    assert.equal(res.status, 200);
    const body = (await res.json()) as Json;
    const [entry] = parseCatalog(body);
    assert.ok(entry);
    assert.deepEqual(
      entry.routes.map((r) => [r.method, r.path, r.priceSats, r.docs?.description]),
      [
        ["GET", "/forecast", 3, "Forecast for a city"],
        ["POST", "/stations/:id", 5, "Report a reading"],
      ],
    );
    assert.equal(entry.links?.openapi, `${stack.apiUrl}/.well-known/l402/openapi.json`);
    assert.equal(entry.links?.l402, `${stack.apiUrl}/.well-known/l402.json`);
    // The hub's API page reads the same entry (RouteDocsView and the snippets take its routes).
    const page = await getCatalogEntry(db, stack.slug);
    assert.deepEqual(
      page?.routes.map((r) => r.docs?.parameters.map((p) => p.name)),
      [["city"], ["id", "celsius"]],
    );

    // The gateway's openapi.json, once its config has reloaded.
    let openapi: Json = {};
    for (let i = 0; i < 200; i++) {
      openapi = (await (await fetch(entry.links?.openapi ?? "")).json()) as Json;
      const paths = openapi.paths as Record<string, Json> | undefined;
      if (paths?.["/stations/{id}"]) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const paths = openapi.paths as Record<string, Record<string, Json>>;
    assert.equal(paths["/forecast"]?.get?.summary, "Forecast for a city");
    assert.deepEqual((paths["/forecast"]?.get?.parameters as Json[] | undefined)?.[0], {
      name: "city",
      in: "query",
      required: true,
      schema: { type: "string" },
    });
    assert.deepEqual((paths["/stations/{id}"]?.post?.["x-l402"] as Json | undefined)?.price_sats, 5);

    // The MCP tools over the catalog as the hub serves it.
    const server = new McpServer({ name: "docs-flow", version: "1.0.0" });
    const byHub = async () =>
      parseCatalog(
        await (await catalogGet(new Request(`http://hub.test/api/catalog?q=${stack.slug}`))).json(),
      );
    registerTollboothTools(server, {
      catalog: {
        list: byHub,
        get: async (slug) => (await byHub()).find((a: CatalogApi) => a.slug === slug) ?? null,
      },
      quote: async () => {
        throw new Error("not used");
      },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "docs-flow", version: "1.0.0" });
    await client.connect(clientSide);
    const result = (await client.callTool({
      name: "get_api",
      arguments: { slug: stack.slug },
    })) as unknown as {
      structuredContent: { routes: Array<{ path: string; parameters_schema: unknown }> };
    };
    await client.close();
    const station = result.structuredContent.routes.find((r) => r.path === "/stations/:id");
    assert.deepEqual(station?.parameters_schema, {
      type: "object",
      properties: {
        path: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        body: { type: "object", required: ["celsius"], properties: { celsius: { type: "number" } } },
      },
      required: ["path", "body"],
    });
    assert.deepEqual(station?.parameters_schema, parametersSchema(entry.routes[1]?.docs));

    // The gateway's own document imports back: every route already carries these docs and prices.
    const back = await caller.apis.previewOpenApiImport({
      apiId,
      document: JSON.stringify(openapi),
      newRoutes,
    });
    assert.equal(back.summary.create, 0, JSON.stringify(back.routes.filter((r) => r.action === "create")));
  });

  test("catalog paging and filters, and their 400s", async () => {
    const page = async (qs: string) => {
      const res = await catalogGet(new Request(`http://hub.test/api/catalog?${qs}`));
      return { status: res.status, body: (await res.json()) as Json };
    };
    const first = await page(`q=${stack.slug}&limit=1`);
    assert.equal(first.status, 200);
    assert.equal(first.body.total, 1);
    assert.equal(first.body.next, null, "one match: one page");
    // Every published API, a page of one at a time, following next: each slug once.
    const seen: string[] = [];
    let link: string | null = "/api/catalog?limit=1&sort=name";
    for (let i = 0; link && i < 1000; i++) {
      const res = await catalogGet(new Request(`http://hub.test${link}`));
      const body = (await res.json()) as {
        apis: Array<{ slug: string }>;
        next: string | null;
        total: number;
      };
      assert.equal(body.apis.length, 1);
      seen.push(body.apis[0]?.slug ?? "");
      link = body.next;
    }
    assert.equal(new Set(seen).size, seen.length, "no API twice across pages");
    assert.ok(seen.includes(stack.slug));

    assert.equal((await page(`q=${stack.slug}&max_price_sats=2`)).body.total, 0, "cheapest route is 3 sats");
    assert.equal((await page(`q=${stack.slug}&max_price_sats=3`)).body.total, 1);
    assert.equal((await page(`q=${stack.slug}&free_tier=true`)).body.total, 0);
    assert.equal((await page(`q=${stack.slug}&free_tier=false`)).body.total, 1);
    for (const [qs, message] of [
      ["limit=0", /limit is at least 1/],
      ["limit=1000", /limit is at most 100/],
      ["max_price_sats=-1", /max_price_sats is a whole number/],
      ["free_tier=yes", /free_tier is true or false/],
      ["category=nope", /category is one of/],
      ["cursor=bogus", /cursor is not one this catalog gave/],
    ] as const) {
      const r = await page(qs);
      assert.equal(r.status, 400, qs);
      assert.equal(r.body.error, "bad_request");
      assert.match(String(r.body.message), message);
    }
  });
});
