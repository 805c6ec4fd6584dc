/**
 * The MCP tools of Tollbooth, defined once: the CLI's stdio server (`tollbooth mcp`) registers all
 * five, the web app's hosted `/mcp` only the read-only three (no `call` / `budget` deps given).
 * What differs between them is behind `AgentToolDeps`: where the catalog comes from, how a quote
 * may fetch, and — CLI only — the paying client and its budget.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { affordable, type CatalogApi, type CatalogSource } from "./catalog";
import type { Quote } from "./quote";
import { ToolRefusal } from "./refusal";
import { parametersSchema } from "./route-schema";

/** The largest request body `call_api` sends, and how many headers. */
export const MAX_CALL_BODY_CHARS = 1024 * 1024;
export const MAX_CALL_HEADERS = 50;
const MAX_SEARCH_RESULTS = 25;

const sats = z.number().int().min(0).max(2_147_483_647);
const method = z
  .string()
  .regex(/^[A-Za-z]{1,16}$/, "an HTTP method such as GET or POST")
  .optional()
  .describe("HTTP method, default GET");
const url = z.string().max(4096).url().describe("the full URL, e.g. http://127.0.0.1:8402/weather/forecast");

export const TOOL_INPUTS = {
  search_apis: {
    query: z.string().max(100).describe("words to look for in names and descriptions; empty = all"),
    category: z.string().max(40).optional().describe("only APIs in this category"),
    max_sats: sats.optional().describe("only APIs that sell something at or below this many sats"),
  },
  get_api: {
    slug: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, "a catalog slug")
      .describe("the API's slug from search_apis"),
  },
  quote: { url, method },
  call_api: {
    url,
    method,
    headers: z
      .record(z.string().min(1).max(256), z.string().max(8192))
      .refine((h) => Object.keys(h).length <= MAX_CALL_HEADERS, `at most ${MAX_CALL_HEADERS} headers`)
      .optional()
      .describe("request headers; Authorization is set by the tool when it pays"),
    body: z.string().max(MAX_CALL_BODY_CHARS).optional().describe("request body (text, e.g. JSON)"),
    max_sats: sats.optional().describe("the most this call may pay; default and ceiling set by the server"),
  },
  budget: {},
} as const;

export interface CallInput {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  maxSats?: number;
}

export interface AgentToolDeps {
  catalog: CatalogSource;
  quote(url: URL, method: string): Promise<Quote>;
  /** paying call (CLI only); throws ToolRefusal on a refusal */
  call?(input: CallInput): Promise<Record<string, unknown>>;
  /** the session's spend (CLI only) */
  budget?(): Promise<Record<string, unknown>>;
}

const ok = (value: Record<string, unknown>): CallToolResult => ({
  content: [{ type: "text", text: JSON.stringify(value, null, 2) }],
  structuredContent: value,
});

function failure(err: unknown): CallToolResult {
  const refusal =
    err instanceof ToolRefusal
      ? err
      : new ToolRefusal("failed", err instanceof Error ? err.message : String(err), { paid_sats: 0 });
  const value = { error: refusal.code, message: refusal.message, ...refusal.details };
  return {
    isError: true,
    content: [{ type: "text", text: JSON.stringify(value, null, 2) }],
    structuredContent: value,
  };
}

async function guarded(fn: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return ok(await fn());
  } catch (err) {
    return failure(err);
  }
}

function parseUrl(raw: string): URL {
  const parsed = new URL(raw);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ToolRefusal("bad_url", "only http and https URLs");
  return parsed;
}

/** A catalog entry in a search result: enough to choose, `get_api` for the rest. */
function summary(api: CatalogApi) {
  return {
    slug: api.slug,
    name: api.name,
    description: api.description ?? null,
    category: api.category ?? null,
    provider: api.provider ?? null,
    base_url: api.gatewayUrls.path,
    from_price_sats: api.fromPriceSats ?? null,
    free_tier_calls: api.freeTierCalls ?? 0,
    routes: api.routes.length,
  };
}

/** One API with its routes, prices and docs (null where the hub has none yet). */
function detail(api: CatalogApi) {
  const base = api.gatewayUrls.path.replace(/\/+$/, "");
  return {
    ...summary(api),
    base_urls: api.gatewayUrls,
    default_route: api.defaultRoute ?? null,
    links: api.links ?? null,
    routes: api.routes.map((r) => ({
      method: r.method,
      path: r.path,
      url_example: `${base}${r.path.replace(/\/\*$/, "").replace(/:([^/]+)/g, "{$1}")}`,
      kind: r.kind,
      price_sats: r.priceSats,
      calls_per_token: r.callsPerToken ?? null,
      pass_seconds: r.passSeconds ?? null,
      docs: r.docs ?? null,
      parameters_schema: parametersSchema(r.docs),
    })),
  };
}

export function registerTollboothTools(server: McpServer, deps: AgentToolDeps): void {
  server.registerTool(
    "search_apis",
    {
      title: "Search the Tollbooth hub",
      description:
        "Find APIs sold per call over L402 (Lightning) on this hub: name, description, category, lowest price.",
      inputSchema: TOOL_INPUTS.search_apis,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    ({ query, category, max_sats }) =>
      guarded(async () => {
        const q = query.trim();
        const apis = await deps.catalog.list({
          ...(q ? { query: q } : {}),
          ...(category ? { category } : {}),
        });
        const hits = apis.filter((a) => max_sats === undefined || affordable(a, max_sats));
        return {
          count: hits.length,
          apis: hits.slice(0, MAX_SEARCH_RESULTS).map(summary),
          truncated: hits.length > MAX_SEARCH_RESULTS,
        };
      }),
  );

  server.registerTool(
    "get_api",
    {
      title: "Read one API's routes and docs",
      description:
        "The routes of one hub API: method, path, price, what a payment buys, parameters and examples.",
      inputSchema: TOOL_INPUTS.get_api,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    ({ slug }) =>
      guarded(async () => {
        const api = await deps.catalog.get(slug);
        if (!api) throw new ToolRefusal("not_found", `no published API "${slug}" on this hub`);
        return detail(api);
      }),
  );

  server.registerTool(
    "quote",
    {
      title: "Price a call without paying",
      description:
        "What calling this URL would cost and what one payment buys. Never pays: this hub's APIs are priced from the gateway's quote document, other L402 servers from their 402 invoice amount.",
      inputSchema: TOOL_INPUTS.quote,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    ({ url: raw, method: m }) =>
      guarded(async () => ({ ...(await deps.quote(parseUrl(raw), (m ?? "GET").toUpperCase())) })),
  );

  const { call, budget } = deps;
  if (call) {
    server.registerTool(
      "call_api",
      {
        title: "Call an L402 API, paying if needed",
        description:
          "Calls any L402 URL. On 402 pays from the configured wallet if the price is within max_sats and the session budget (checked before paying); reuses a cached token that still has calls. Returns status, body (bounded), sats paid and the signed receipt.",
        inputSchema: TOOL_INPUTS.call_api,
        annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      },
      ({ url: raw, method: m, headers, body, max_sats }) =>
        guarded(async () => {
          const target = parseUrl(raw);
          const verb = (m ?? (body !== undefined ? "POST" : "GET")).toUpperCase();
          if (body !== undefined && (verb === "GET" || verb === "HEAD"))
            throw new ToolRefusal("bad_request", `${verb} cannot have a body`, { paid_sats: 0 });
          return call({
            url: target.href,
            method: verb,
            headers: headers ?? {},
            ...(body !== undefined ? { body } : {}),
            ...(max_sats !== undefined ? { maxSats: max_sats } : {}),
          });
        }),
    );
  }
  if (budget) {
    server.registerTool(
      "budget",
      {
        title: "What this session has spent",
        description:
          "Sats spent and remaining: this session's budget, and the persisted daily and total limits.",
        inputSchema: TOOL_INPUTS.budget,
        annotations: { readOnlyHint: true },
      },
      () => guarded(budget),
    );
  }
}
