import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { type CallInput, readBounded, registerTollboothTools, ToolRefusal } from "@tollbooth/agent-tools";
import { intFlag, parseArgs } from "../args";
import { BUDGET_FLAGS, BUDGET_HELP, envSats, resolveLimits } from "../budget-options";
import { SessionBudget } from "../budgeted-wallet";
import { BuilderWallet } from "../builder-wallet";
import { EXIT, usageError } from "../cli-error";
import { HubCatalog, hubUrl, quoteUrl } from "../hub";
import { PaidCallError, paidCall } from "../paid-call";
import { SpendLedger } from "../spend-ledger";
import { FileTokenStore } from "../token-file-store";
import { defaultMaxSats } from "./fetch";

export const DEFAULT_SESSION_BUDGET_SATS = 1_000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** Past this a response body is no longer counted, only reported as "more than". */
const BODY_COUNT_LIMIT = 16 * 1024 * 1024;

export const MCP_HELP = `Usage: tollbooth mcp [--hub URL] [--budget-sats N] [--max-sats N] [--max-sats-ceiling N] ...

Runs an MCP server over stdio (for Claude Desktop, Cursor, any MCP client) with the tools
search_apis, get_api, quote, call_api and budget. call_api pays L402 invoices from the builder
wallet (see \`tollbooth wallet --help\`), reusing cached tokens (~/.tollbooth/tokens.json), within
a per-call cap and this session's budget — both checked before paying; refusals are tool errors.

Options:
  --hub URL               the hub whose catalog search_apis/get_api read (TOLLBOOTH_HUB_URL,
                          default http://localhost:3000)
  --budget-sats N         the most this session may pay, fees included (TOLLBOOTH_BUDGET_SATS,
                          default ${DEFAULT_SESSION_BUDGET_SATS})
  --max-sats N            the per-call cap when a call names no max_sats (TOLLBOOTH_MAX_SATS or 100)
  --max-sats-ceiling N    the highest max_sats a call may ask (default: --max-sats)
  --max-body-bytes N      response body returned to the agent (default ${DEFAULT_MAX_BODY_BYTES}; the rest is cut, its size said)
${BUDGET_HELP}
  -h, --help              this help

Example client config: { "command": "npx", "args": ["tollbooth", "mcp", "--budget-sats", "500"] }
`;

export async function mcpCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const args = parseArgs(argv, {
    hub: {},
    "budget-sats": {},
    "max-sats": {},
    "max-sats-ceiling": {},
    "max-body-bytes": {},
    ...BUDGET_FLAGS,
  });
  if (args.help) {
    out(MCP_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw usageError(`unexpected argument "${args.positionals[0]}"`);
  const hub = hubUrl(args);
  const perCall = intFlag(args, "max-sats") ?? defaultMaxSats();
  const ceiling = intFlag(args, "max-sats-ceiling") ?? perCall;
  if (perCall > ceiling) throw usageError("--max-sats cannot be above --max-sats-ceiling");
  const maxBody = intFlag(args, "max-body-bytes", { min: 1 }) ?? DEFAULT_MAX_BODY_BYTES;
  const session = new SessionBudget(
    intFlag(args, "budget-sats") ?? envSats("TOLLBOOTH_BUDGET_SATS") ?? DEFAULT_SESSION_BUDGET_SATS,
  );
  const ledger = new SpendLedger();
  const limits = resolveLimits(args, ledger);
  ledger.read(); // a corrupt or newer spend file stops here, not at the first payment
  const catalog = new HubCatalog(hub);
  const store = new FileTokenStore();
  const wallet = new BuilderWallet();
  let payments = 0;

  const call = async (input: CallInput) => {
    const cap = input.maxSats ?? perCall;
    if (cap > ceiling) {
      throw new ToolRefusal(
        "above_cap",
        `max_sats ${cap} is above this server's ceiling of ${ceiling} sats; nothing was paid`,
        { max_sats: cap, ceiling_sats: ceiling, paid_sats: 0 },
      );
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(input.headers)) {
      try {
        headers.append(name, value);
      } catch {
        throw new ToolRefusal("bad_request", `invalid header "${name}"`, { paid_sats: 0 });
      }
    }
    let result: Awaited<ReturnType<typeof paidCall>>;
    try {
      result = await paidCall(
        {
          url: new URL(input.url),
          method: input.method,
          headers,
          maxSats: cap,
          ...(input.body !== undefined ? { body: input.body } : {}),
        },
        { wallet, store, ledger, limits, via: "mcp", session },
      );
    } catch (err) {
      if (err instanceof PaidCallError) {
        throw new ToolRefusal(err.code, err.message, { paid_sats: 0, ...err.details, paid: err.paid });
      }
      throw err;
    }
    if (result.satsPaid > 0) payments += 1;
    const { response } = result;
    const body = await readBounded(response, maxBody, BODY_COUNT_LIMIT);
    const text = new TextDecoder("utf-8", { fatal: false }).decode(body.bytes);
    const utf8 = Buffer.from(text, "utf8").equals(Buffer.from(body.bytes)) || body.truncated;
    return {
      url: input.url,
      method: input.method,
      status: response.status,
      content_type: response.headers.get("content-type"),
      headers: Object.fromEntries(response.headers),
      body: utf8 ? text : Buffer.from(body.bytes).toString("base64"),
      body_encoding: utf8 ? "utf8" : "base64",
      body_bytes: body.totalBytes,
      body_bytes_complete: body.complete,
      body_truncated: body.truncated,
      body_returned_bytes: body.bytes.byteLength,
      sats_paid: result.satsPaid,
      fee_sats: result.feeSats,
      payment_hash: result.paymentHash,
      receipt: result.receipt?.json ?? null,
      receipt_header: result.receipt?.header ?? null,
      session_remaining_sats: session.remaining,
    };
  };

  const budget = async () => {
    const { day, total } = ledger.status(limits);
    return {
      session: {
        limit_sats: session.limit,
        spent_sats: session.spent,
        remaining_sats: session.remaining,
        payments,
      },
      day: { limit_sats: day.limit, spent_sats: day.spent, remaining_sats: day.remaining },
      total: { limit_sats: total.limit, spent_sats: total.spent, remaining_sats: total.remaining },
      per_call: { default_max_sats: perCall, ceiling_max_sats: ceiling },
    };
  };

  const server = new McpServer({ name: "tollbooth", version: "0.1.0" });
  registerTollboothTools(server, {
    catalog,
    quote: (url, method) => quoteUrl(url, method, catalog, store),
    call,
    budget,
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    transport.onclose = () => resolve();
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => {});
  return EXIT.ok;
}
