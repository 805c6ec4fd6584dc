import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { simnetAdmin } from "@tollbooth/simnet";
import { requireEnv } from "./browser";

/**
 * Agents on the real stack (`next start` of the built web app, the gateway, the simnet, the demo
 * seed): the official MCP client over Streamable HTTP against the hub's `/mcp`, and over stdio
 * against `tollbooth mcp --hub <the hub>` paying a demo API from the simnet builder wallet.
 */
const web = requireEnv("E2E_WEB_URL").replace(/\/+$/, "");
const gateway = requireEnv("E2E_GATEWAY_URL").replace(/\/+$/, "");
const BIN = fileURLToPath(new URL("../../../packages/cli/bin/tollbooth.mjs", import.meta.url));
const structured = (r: unknown) => (r as { structuredContent: Record<string, unknown> }).structuredContent;
const isError = (r: unknown) => (r as { isError?: boolean }).isError === true;

describe("MCP on the running hub", () => {
  let builder: LightningBackend;
  let home: string;
  before(async () => {
    const admin = simnetAdmin(
      requireEnv("TOLLBOOTH_SIMNET_ADMIN"),
      requireEnv("TOLLBOOTH_SIMNET_ADMIN_TOKEN"),
    );
    const b = await admin.builder();
    builder = createLndBackend({ socket: b.socket, tlsCert: b.tlsCert, macaroon: b.adminMacaroon });
    home = mkdtempSync(join(tmpdir(), "e2e-mcp-"));
  });
  after(async () => {
    await closeLndClients();
    rmSync(home, { recursive: true, force: true });
  });
  const balance = async () => (await builder.balance?.())?.sats ?? Number.NaN;

  test("hosted /mcp: read-only tools, search, quote without paying, foreign URLs refused", async () => {
    const client = new Client({ name: "e2e-hosted", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${web}/mcp`)));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ["get_api", "quote", "search_apis"]);
      const found = structured(
        await client.callTool({ name: "search_apis", arguments: { query: "weather" } }),
      );
      assert.ok(
        (found.apis as Array<{ slug: string }>).some((a) => a.slug === "weather"),
        JSON.stringify(found),
      );
      const start = await balance();
      const quote = structured(
        await client.callTool({
          name: "quote",
          arguments: { url: `${gateway}/weather/forecast?city=berlin` },
        }),
      );
      assert.equal(quote.source, "gateway_quote");
      assert.equal(quote.amount_sats, 100, "20 sats × 5 calls");
      assert.equal(await balance(), start);
      const foreign = await client.callTool({ name: "quote", arguments: { url: "http://169.254.169.254/" } });
      assert.ok(isError(foreign));
    } finally {
      await client.close();
    }
  });

  test("tollbooth mcp against the hub: pays a demo API within budget and reports the spend", async () => {
    const client = new Client({ name: "e2e-stdio", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, "mcp", "--hub", web, "--budget-sats", "5"],
        env: { ...(process.env as Record<string, string>), TOLLBOOTH_HOME: home },
        stderr: "inherit",
      }),
    );
    try {
      const api = structured(await client.callTool({ name: "get_api", arguments: { slug: "quotes" } }));
      assert.ok((api.routes as Array<{ path: string }>).some((r) => r.path === "/random"));
      const start = await balance();
      const paid = structured(
        await client.callTool({ name: "call_api", arguments: { url: `${gateway}/quotes/random` } }),
      );
      assert.equal(paid.status, 200, JSON.stringify(paid));
      assert.equal(paid.sats_paid, 2);
      assert.ok(String(paid.body).length > 0);
      assert.equal(await balance(), start - 2);
      const refused = await client.callTool({
        name: "call_api",
        arguments: { url: `${gateway}/weather/current?city=berlin` },
      });
      assert.ok(isError(refused), "5 sats with 3 left in the session budget");
      assert.equal(structured(refused).error, "over_budget");
      assert.equal(await balance(), start - 2);
      const budget = structured(await client.callTool({ name: "budget", arguments: {} }));
      assert.deepEqual(budget.session, { limit_sats: 5, spent_sats: 2, remaining_sats: 3, payments: 1 });
    } finally {
      await client.close();
    }
  });
});
