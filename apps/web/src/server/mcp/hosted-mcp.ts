/**
 * The hub's hosted MCP endpoint (`POST /mcp`, Streamable HTTP, stateless, JSON responses): the
 * read-only Tollbooth tools — search_apis, get_api, quote — from packages/agent-tools, the same
 * definitions `tollbooth mcp` serves over stdio. Nothing here pays.
 *
 * SSRF: the quote tool never fetches a URL it is given. It accepts only URLs of this hub's published
 * APIs (either gateway URL style, as the catalog publishes them) and asks the gateway at
 * GATEWAY_INTERNAL_URL — operator configuration — for `/<slug>/.well-known/l402/quote`. Any other
 * URL is a tool error pointing at the local `tollbooth mcp`.
 */

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  CatalogApi,
  type CatalogSource,
  matchHubUrl,
  quoteFromGateway,
  registerTollboothTools,
  ToolRefusal,
} from "@tollbooth/agent-tools";
import { getCatalogEntry, listCatalog, ZCatalogQuerySchema } from "../catalog/list-catalog";
import { db } from "../db";
import { env } from "../env";
import { jsonError } from "../errors";

/** A JSON-RPC batch of tool calls fits many times; anything larger is refused before it is read. */
export const MAX_MCP_BODY_BYTES = 64 * 1024;

/** Database errors never reach the agent verbatim: logged here, a plain sentence there. */
async function fromCatalog<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    console.error("web: mcp catalog read failed", err instanceof Error ? err.message : "unknown");
    throw new ToolRefusal("unavailable", "The hub's catalog cannot be read right now. Try again shortly.");
  }
}

const catalog: CatalogSource = {
  list: async ({ query, category }) => {
    // The same parameters as GET /api/catalog, checked the same way: an unknown category is a
    // tool error naming the categories, not an empty result.
    const filter = ZCatalogQuerySchema.safeParse({
      sort: "name",
      ...(query ? { q: query.slice(0, 100) } : {}),
      ...(category ? { category: category.slice(0, 40) } : {}),
    });
    if (!filter.success) throw new ToolRefusal("bad_input", filter.error.issues[0]?.message ?? "bad search");
    return fromCatalog(async () => {
      const entries = await listCatalog(db(), filter.data);
      return entries.map((e) => CatalogApi.parse(e));
    });
  },
  get: (slug) =>
    fromCatalog(async () => {
      const entry = await getCatalogEntry(db(), slug);
      return entry ? CatalogApi.parse(entry) : null;
    }),
};

/** The slug a URL of this hub's gateway names (path style on GATEWAY_PUBLIC_URL, or `<slug>.<domain>`). */
function slugOf(url: URL): string | null {
  const e = env();
  const publicUrl = new URL(e.GATEWAY_PUBLIC_URL);
  if (url.origin === publicUrl.origin) {
    const rest = url.pathname.slice(publicUrl.pathname.replace(/\/+$/, "").length);
    return /^\/([a-z0-9-]{1,40})(\/|$)/.exec(rest)?.[1] ?? null;
  }
  const suffix = `.${e.GATEWAY_DOMAIN.toLowerCase()}`;
  const host = url.hostname.toLowerCase();
  return host.endsWith(suffix) ? host.slice(0, -suffix.length) : null;
}

async function hubQuote(url: URL, method: string) {
  const slug = slugOf(url);
  const entry = slug ? await catalog.get(slug) : null;
  const target = entry ? matchHubUrl(url, [entry]) : null;
  if (!entry || !target) {
    throw new ToolRefusal(
      "not_a_hub_url",
      "This hosted server quotes only the URLs of this hub's published APIs (see search_apis). To price any other L402 URL, run `npx tollbooth mcp` locally.",
    );
  }
  const base = `${env().GATEWAY_INTERNAL_URL.replace(/\/+$/, "")}/${entry.slug}`;
  try {
    return await quoteFromGateway(base, { url: url.href, method, path: target.path });
  } catch (err) {
    if (err instanceof ToolRefusal) throw err;
    throw new ToolRefusal("quote_failed", "The gateway did not answer the quote in time. Try again shortly.");
  }
}

function newServer(): McpServer {
  const server = new McpServer({ name: "tollbooth-hub", version: "0.1.0" });
  registerTollboothTools(server, { catalog, quote: hubQuote });
  return server;
}

/** Read-only, no cookies used: any origin may call it, as any origin may read /api/catalog. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id",
  "access-control-expose-headers": "mcp-session-id, mcp-protocol-version",
  "access-control-max-age": "600",
};

function withCors(res: Response): Response {
  for (const [k, v] of Object.entries(CORS)) res.headers.set(k, v);
  return res;
}

export function mcpPreflight(): Response {
  return new Response(null, { status: 204, headers: CORS });
}

export async function handleMcpPost(req: Request): Promise<Response> {
  return withCors(await answer(req));
}

async function answer(req: Request): Promise<Response> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (Number.isFinite(length) && length > MAX_MCP_BODY_BYTES) {
    return jsonError("payload_too_large", `An MCP request is at most ${MAX_MCP_BODY_BYTES} bytes.`, 413);
  }
  const server = newServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_MCP_BODY_BYTES,
  });
  try {
    await server.connect(transport);
    return await transport.handleRequest(req);
  } finally {
    // Stateless: every POST gets its own server; the JSON answer is complete once handleRequest returns.
    await server.close().catch(() => {});
  }
}

/** Stateless: no server-sent event stream to open and no session to end. */
export function mcpMethodNotAllowed(): Response {
  const res = jsonError("method_not_allowed", "This MCP endpoint is stateless: POST JSON-RPC messages.", 405);
  res.headers.set("allow", "POST, OPTIONS");
  return withCors(res);
}
