import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type GatewayStack, startGatewayStack } from "../../../packages/cli/test/support/gateway-stack";

/**
 * The hosted MCP endpoint driven by the official MCP client (Streamable HTTP) over loopback: the
 * real /mcp handler reading the real catalog in Postgres, quoting through the real gateway (whose
 * quote document creates no invoice), with a simnet behind it. The handler is served by a plain
 * Node HTTP server (the same Request → Response the Next route hands it), not `next start`.
 */
describe("hosted MCP at /mcp (Streamable HTTP)", () => {
  let stack: GatewayStack;
  let web: Server;
  let webUrl: string;
  let canary: Server;
  let canaryHits = 0;
  let canaryUrl: string;
  let client: Client;

  const structured = (result: unknown) =>
    (result as { structuredContent: Record<string, unknown> }).structuredContent;
  const isError = (result: unknown) => (result as { isError?: boolean }).isError === true;

  before(async () => {
    stack = await startGatewayStack([
      { method: "GET", pathPattern: "/forecast", priceSats: 4, callsPerToken: 5 },
      { method: "GET", pathPattern: "/v1/*", kind: "time_pass", priceSats: 40, passSeconds: 3600 },
    ]);
    const gateway = new URL(stack.apiUrl).origin;
    process.env.GATEWAY_PUBLIC_URL = gateway;
    process.env.GATEWAY_INTERNAL_URL = gateway;
    const mcp = await import("../src/server/mcp/hosted-mcp");
    web = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string") headers.set(k, v);
        else if (Array.isArray(v)) for (const x of v) headers.append(k, x);
      }
      const request = new Request(`${webUrl}${req.url}`, {
        method: req.method ?? "GET",
        headers,
        ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
      });
      const response =
        new URL(request.url).pathname !== "/mcp"
          ? new Response("not found", { status: 404 })
          : request.method === "POST"
            ? await mcp.handleMcpPost(request)
            : request.method === "OPTIONS"
              ? mcp.mcpPreflight()
              : mcp.mcpMethodNotAllowed();
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    webUrl = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
    canary = createServer((_req, res) => {
      canaryHits += 1;
      res.writeHead(402).end();
    });
    await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as { port: number }).port}/paid`;
    client = new Client({ name: "hosted-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${webUrl}/mcp`)));
  });

  after(async () => {
    await client?.close();
    for (const s of [web, canary]) {
      s?.closeAllConnections();
      await new Promise((resolve) => s?.close(resolve));
    }
    await stack?.stop();
  });

  test("lists only the read-only tools", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ["get_api", "quote", "search_apis"]);
  });

  test("search_apis and get_api read the published catalog", async () => {
    const found = structured(
      await client.callTool({ name: "search_apis", arguments: { query: stack.slug } }),
    );
    assert.equal(found.count, 1);
    const [api] = found.apis as Array<{ slug: string; base_url: string; from_price_sats: number }>;
    assert.equal(api?.slug, stack.slug);
    assert.equal(api?.base_url, `${stack.apiUrl}/`);
    assert.equal(api?.from_price_sats, 4);
    const detail = structured(await client.callTool({ name: "get_api", arguments: { slug: stack.slug } }));
    assert.deepEqual(
      (detail.routes as Array<{ method: string; path: string; price_sats: number }>).map((r) => [
        r.method,
        r.path,
        r.price_sats,
      ]),
      [
        ["GET", "/forecast", 4],
        ["GET", "/v1/*", 40],
      ],
    );
    const bad = await client.callTool({ name: "get_api", arguments: { slug: "NOT A SLUG" } });
    assert.ok(isError(bad), "input schema refuses a malformed slug");
  });

  test("quote prices a hub URL from the gateway and pays nothing", async () => {
    const start = await stack.builderBalance();
    const quote = structured(
      await client.callTool({ name: "quote", arguments: { url: `${stack.apiUrl}/v1/anything?x=1` } }),
    );
    assert.equal(quote.source, "gateway_quote");
    assert.equal(quote.amount_sats, 40);
    assert.equal(quote.kind, "time_pass");
    assert.equal(quote.pass_seconds, 3600);
    const perCall = structured(
      await client.callTool({ name: "quote", arguments: { url: `${stack.apiUrl}/forecast` } }),
    );
    assert.equal(perCall.amount_sats, 20);
    // The host-style URL the catalog publishes (<slug>.<GATEWAY_DOMAIN>:<GATEWAY_PORT>): never resolved, quoted through GATEWAY_INTERNAL_URL.
    const api = structured(await client.callTool({ name: "get_api", arguments: { slug: stack.slug } }));
    const subdomain = (api.base_urls as { subdomain: string }).subdomain;
    const hostStyle = structured(
      await client.callTool({ name: "quote", arguments: { url: `${subdomain}forecast` } }),
    );
    assert.equal(hostStyle.amount_sats, 20, "a host-style URL is quoted through the internal gateway URL");
    assert.equal(await stack.builderBalance(), start);
  });

  test("quote never fetches a URL that is not this hub's (SSRF)", async () => {
    for (const url of [
      canaryUrl,
      "http://169.254.169.254/latest/meta-data/",
      `${new URL(stack.apiUrl).origin}/no-such-api/x`,
    ]) {
      const refused = await client.callTool({ name: "quote", arguments: { url } });
      assert.ok(isError(refused), url);
      assert.equal(structured(refused).error, "not_a_hub_url");
    }
    assert.equal(canaryHits, 0, "the server never reached the foreign URL");
  });

  test("bounds the request size and answers other methods in JSON", async () => {
    const big = await fetch(`${webUrl}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/list",
        params: { pad: "x".repeat(70_000) },
      }),
    });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error, "payload_too_large");
    const get = await fetch(`${webUrl}/mcp`);
    assert.equal(get.status, 405);
    assert.equal((await get.json()).error, "method_not_allowed");
    const garbage = await fetch(`${webUrl}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: "{not json",
    });
    assert.equal(garbage.status, 400);
  });
});
