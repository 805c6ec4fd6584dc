import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, tollbooth } from "./run-cli";
import { type GatewayStack, startGatewayStack } from "./support/gateway-stack";

/**
 * `tollbooth mcp` driven by the official MCP client over stdio (the real CLI spawned as a
 * subprocess), against the real gateway and the simnet. What was paid is read from the simnet
 * builder wallet's balance, not from the CLI's own counters. The hub is a loopback server
 * answering `/api/catalog` in the documented shape for the seeded API (route docs included).
 */
describe("tollbooth mcp (stdio)", () => {
  let stack: GatewayStack;
  let hub: Server;
  let hubUrl: string;
  let env: Record<string, string>;
  let client: Client;

  const structured = (result: unknown) =>
    (result as { structuredContent: Record<string, unknown> }).structuredContent;
  const isError = (result: unknown) => (result as { isError?: boolean }).isError === true;

  before(async () => {
    stack = await startGatewayStack([
      { method: "GET", pathPattern: "/forecast", priceSats: 3, callsPerToken: 2 },
      { method: "GET", pathPattern: "/big", priceSats: 500, callsPerToken: 1 },
      { method: "GET", pathPattern: "/one", priceSats: 1, callsPerToken: 1 },
      { method: "GET", pathPattern: "/three", priceSats: 3, callsPerToken: 1 },
    ]);
    const entry = {
      slug: stack.slug,
      name: `Weather ${stack.slug}`,
      description: "Forecasts for agents",
      category: "weather",
      provider: "test",
      gatewayUrls: { subdomain: `http://${stack.slug}.gw.localhost:1/`, path: `${stack.apiUrl}/` },
      routes: [
        {
          method: "GET",
          path: "/forecast",
          kind: "per_call",
          priceSats: 3,
          callsPerToken: 2,
          passSeconds: null,
          docs: {
            description: "Tomorrow's forecast",
            parameters: [{ name: "city", in: "query", type: "string", required: true, description: "city" }],
            example_request: null,
            example_response: '{"temp":3}',
            schema: null,
          },
        },
        {
          method: "GET",
          path: "/big",
          kind: "per_call",
          priceSats: 500,
          callsPerToken: 1,
          passSeconds: null,
        },
      ],
      defaultRoute: { kind: "refuse", priceSats: 0, callsPerToken: 1 },
      fromPriceSats: 3,
      freeTierCalls: 0,
      quote: null,
    };
    hub = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://hub");
      if (url.pathname !== "/api/catalog") {
        res
          .writeHead(404, { "content-type": "application/json" })
          .end('{"error":"not_found","message":"no"}');
        return;
      }
      const q = url.searchParams.get("q") ?? "";
      const apis = !q || entry.name.toLowerCase().includes(q) || entry.slug.includes(q) ? [entry] : [];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ apis, count: apis.length, generatedAt: new Date().toISOString() }));
    });
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    hubUrl = `http://127.0.0.1:${(hub.address() as { port: number }).port}`;
    env = {
      TOLLBOOTH_SIMNET_ADMIN: stack.simnetAdminUrl,
      TOLLBOOTH_SIMNET_ADMIN_TOKEN: stack.simnetAdminToken,
      TOLLBOOTH_HOME: join(stack.dataDir, "home"),
    };
    client = await connect(["--hub", hubUrl, "--budget-sats", "10", "--max-sats-ceiling", "1000"]);
  });

  after(async () => {
    await client?.close();
    hub?.closeAllConnections();
    await new Promise((resolve) => hub?.close(resolve));
    await stack?.stop();
  });

  async function connect(args: string[]): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "mcp", ...args],
      env: { ...(process.env as Record<string, string>), ...env },
      stderr: "inherit",
    });
    const c = new Client({ name: "tollbooth-test", version: "1.0.0" });
    await c.connect(transport);
    return c;
  }

  test("lists the five tools with their input schemas", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      "budget",
      "call_api",
      "get_api",
      "quote",
      "search_apis",
    ]);
    const call = tools.find((t) => t.name === "call_api");
    assert.deepEqual(Object.keys(call?.inputSchema.properties ?? {}).sort(), [
      "body",
      "headers",
      "max_sats",
      "method",
      "url",
    ]);
    assert.deepEqual(call?.inputSchema.required, ["url"]);
  });

  test("search_apis and get_api read the hub's catalog, docs included", async () => {
    const found = structured(await client.callTool({ name: "search_apis", arguments: { query: "weather" } }));
    assert.equal(found.count, 1);
    assert.equal((found.apis as Array<{ slug: string }>)[0]?.slug, stack.slug);
    const cheap = structured(
      await client.callTool({ name: "search_apis", arguments: { query: "", max_sats: 2 } }),
    );
    assert.equal(cheap.count, 0, "nothing on this API sells at 2 sats or less");
    const api = structured(await client.callTool({ name: "get_api", arguments: { slug: stack.slug } }));
    const routes = api.routes as Array<{ path: string; docs: { description: string } | null }>;
    assert.equal(routes[0]?.docs?.description, "Tomorrow's forecast");
    assert.deepEqual((routes[0] as { parameters_schema?: unknown }).parameters_schema, {
      type: "object",
      properties: {
        query: {
          type: "object",
          properties: { city: { type: "string", description: "city" } },
          required: ["city"],
        },
      },
      required: ["query"],
    });
    assert.equal(routes[1]?.docs, null, "a route without docs says null");
    const missing = await client.callTool({ name: "get_api", arguments: { slug: "no-such-api" } });
    assert.ok(isError(missing));
  });

  test("quote prices a hub API from the gateway's quote document and pays nothing", async () => {
    const start = await stack.builderBalance();
    const quote = structured(
      await client.callTool({ name: "quote", arguments: { url: `${stack.apiUrl}/forecast?city=x` } }),
    );
    assert.equal(quote.source, "gateway_quote");
    assert.equal(quote.amount_sats, 6);
    assert.equal(quote.calls, 2);
    assert.equal(await stack.builderBalance(), start, "a quote pays nothing");
  });

  test("quote of a URL the hub does not list reads the 402 invoice, never paying it", async () => {
    const noHub = await connect(["--hub", "http://127.0.0.1:9"]);
    try {
      const start = await stack.builderBalance();
      const quote = structured(
        await noHub.callTool({ name: "quote", arguments: { url: `${stack.apiUrl}/big` } }),
      );
      assert.equal(quote.source, "l402_challenge");
      assert.equal(quote.amount_sats, 500);
      assert.equal(await stack.builderBalance(), start);
    } finally {
      await noHub.close();
    }
  });

  test("call_api pays within budget, returns the upstream's body, then reuses the token", async () => {
    const start = await stack.builderBalance();
    const first = await client.callTool({
      name: "call_api",
      arguments: { url: `${stack.apiUrl}/forecast?n=1` },
    });
    assert.ok(!isError(first), JSON.stringify(first));
    const r1 = structured(first);
    assert.equal(r1.status, 200);
    assert.equal(JSON.parse(r1.body as string).url, "/forecast?n=1");
    assert.equal(r1.sats_paid, 6);
    assert.ok("receipt" in r1);
    assert.equal(await stack.builderBalance(), start - 6);
    const second = structured(
      await client.callTool({ name: "call_api", arguments: { url: `${stack.apiUrl}/forecast?n=2` } }),
    );
    assert.equal(second.status, 200);
    assert.equal(second.sats_paid, 0, "the 2-call token still had a call");
    assert.equal(await stack.builderBalance(), start - 6);
  });

  test("a call over the session budget is refused and nothing is paid", async () => {
    const start = await stack.builderBalance();
    const historyBefore = (await tollbooth(["wallet", "history"], env)).stdout;
    const refused = await client.callTool({
      name: "call_api",
      arguments: { url: `${stack.apiUrl}/big`, max_sats: 1000 },
    });
    assert.ok(isError(refused));
    assert.equal(structured(refused).error, "over_budget");
    assert.match(JSON.stringify(refused), /session's budget of 10 sats/);
    const aboveCap = await client.callTool({ name: "call_api", arguments: { url: `${stack.apiUrl}/big` } });
    assert.ok(isError(aboveCap));
    assert.equal(structured(aboveCap).error, "price_above_cap");
    assert.equal(await stack.builderBalance(), start, "nothing left the wallet");
    assert.equal((await tollbooth(["wallet", "history"], env)).stdout, historyBefore, "nothing recorded");
  });

  test("budget reports the session's spend exactly", async () => {
    const budget = structured(await client.callTool({ name: "budget", arguments: {} }));
    assert.deepEqual(budget.session, { limit_sats: 10, spent_sats: 6, remaining_sats: 4, payments: 1 });
    assert.equal((budget.total as { spent_sats: number }).spent_sats, 6);
  });

  test("the CLI's daily budget persists across runs; refusal exits 6 with nothing paid", async () => {
    const set = await tollbooth(["wallet", "budget", "--day-sats", "8"], env);
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout).day, { limit_sats: 8, spent_sats: 6, remaining_sats: 2 });
    const start = await stack.builderBalance();
    const first = await tollbooth(["fetch", `${stack.apiUrl}/one`, "--json"], env);
    assert.equal(first.code, 0, first.stderr);
    const json = JSON.parse(first.stdout);
    assert.equal(json.status, 200);
    assert.equal(json.sats_paid, 1);
    assert.equal(JSON.parse(json.body).url, "/one");
    assert.equal(await stack.builderBalance(), start - 1);
    const second = await tollbooth(["fetch", `${stack.apiUrl}/three`], env);
    assert.equal(second.code, 6, second.stderr);
    assert.match(second.stderr, /daily budget of 8 sats \(7 spent, 1 left\)/);
    assert.equal(await stack.builderBalance(), start - 1, "the refused run paid nothing");
    const history = (await tollbooth(["wallet", "history"], env)).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      history.map((h) => [h.url, h.amount_sats, h.status, h.via]),
      [
        [`${stack.apiUrl}/forecast?n=1`, 6, "paid", "mcp"],
        [`${stack.apiUrl}/one`, 1, "paid", "fetch"],
      ],
    );
    const off = await tollbooth(["wallet", "budget", "--day-sats", "off"], env);
    assert.equal(JSON.parse(off.stdout).day.limit_sats, null);
  });

  test("tollbooth quote prints the price and pays nothing", async () => {
    const start = await stack.builderBalance();
    const run = await tollbooth(["quote", `${stack.apiUrl}/three`, "--hub", hubUrl], env);
    assert.equal(run.code, 0, run.stderr);
    const quote = JSON.parse(run.stdout);
    assert.equal(quote.amount_sats, 3);
    assert.equal(quote.source, "gateway_quote");
    assert.equal(quote.hub_api, stack.slug);
    assert.equal(quote.cached_token, null);
    assert.equal(await stack.builderBalance(), start);
  });
});
