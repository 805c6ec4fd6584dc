import type { TokenStore } from "@tollbooth/l402-core";
import { intFlag, lastFlag, parseArgs } from "../args";
import { BUDGET_FLAGS, BUDGET_HELP, envSats, resolveLimits } from "../budget-options";
import type { PayingWallet } from "../budgeted-wallet";
import { BuilderWallet } from "../builder-wallet";
import { CliError, EXIT, usageError } from "../cli-error";
import { PaidCallError, paidCall } from "../paid-call";
import { SpendLedger } from "../spend-ledger";
import { FileTokenStore } from "../token-file-store";

export const DEFAULT_MAX_SATS = 100;

export const FETCH_HELP = `Usage: tollbooth fetch <url> [--max-sats N] [--json] [-X METHOD] [-d DATA] [-H 'K: V']...

An L402-paying curl: sends the request; on 402 Payment Required pays the invoice with the builder
wallet (see \`tollbooth wallet --help\`) if the price is within the cap, retries with the token and
prints the response body. Paid tokens are cached in ~/.tollbooth/tokens.json (TOLLBOOTH_HOME), one
per route they buy (the server's 402 "scope", else the exact method and path), and reused for every
request their route covers until the server says they are used up or expired.

Options:
  --max-sats N     the most this call may pay (default TOLLBOOTH_MAX_SATS or ${DEFAULT_MAX_SATS})
  -X, --request M  HTTP method (default GET, or POST with -d)
  -d, --data DATA  request body
  -H, --header H   request header 'Name: value' (repeatable)
  --json           print {status, headers, sats_paid, fee_sats, payment_hash, receipt, body} as JSON
${BUDGET_HELP}
  -h, --help       this help

Every payment is checked against the budgets BEFORE paying and recorded in
~/.tollbooth/spend.json (see \`tollbooth wallet history\`).

Exit codes: 0 ok, 2 usage error, 3 price above cap, 4 payment failed, 5 upstream/gateway error
(including any HTTP status ≥ 400, whose body is still printed), 6 over budget (nothing paid).
`;

export interface FetchDeps {
  wallet?: PayingWallet;
  store?: TokenStore;
  ledger?: SpendLedger;
  write?: (chunk: Uint8Array) => void;
}

/** The per-call cap when `--max-sats` is not given: TOLLBOOTH_MAX_SATS, else 100. */
export function defaultMaxSats(): number {
  return envSats("TOLLBOOTH_MAX_SATS") ?? DEFAULT_MAX_SATS;
}

/** PaidCallError → the exit codes of docs/contract.md. */
export function exitCodeFor(err: PaidCallError): 3 | 4 | 5 | 6 {
  if (err.code === "over_budget") return EXIT.overBudget;
  if (err.code === "price_above_cap") return EXIT.priceAboveCap;
  if (err.code === "payment_failed") return EXIT.paymentFailed;
  return EXIT.upstream;
}

export async function fetchCommand(
  argv: string[],
  out: (line: string) => void,
  deps: FetchDeps = {},
): Promise<number> {
  const args = parseArgs(argv, {
    "max-sats": {},
    request: { alias: "X" },
    data: { alias: "d" },
    header: { alias: "H" },
    json: { boolean: true },
    ...BUDGET_FLAGS,
  });
  if (args.help) {
    out(FETCH_HELP);
    return EXIT.ok;
  }
  const [rawUrl, ...extra] = args.positionals;
  if (!rawUrl) throw usageError("fetch needs a URL (see tollbooth fetch --help)");
  if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}"`);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw usageError(`not a URL: "${rawUrl}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError("only http and https URLs");

  const maxSats = intFlag(args, "max-sats") ?? defaultMaxSats();
  const asJson = args.flags.has("json");
  const headers = new Headers();
  for (const h of args.flags.get("header") ?? []) {
    const colon = h.indexOf(":");
    if (colon <= 0) throw usageError(`a header is 'Name: value', got "${h}"`);
    try {
      headers.append(h.slice(0, colon).trim(), h.slice(colon + 1).trim());
    } catch {
      throw usageError(`invalid header "${h}"`);
    }
  }
  const body = lastFlag(args, "data");
  const method = (lastFlag(args, "request") ?? (body !== undefined ? "POST" : "GET")).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw usageError(`invalid method "${method}"`);
  if (body !== undefined && (method === "GET" || method === "HEAD"))
    throw usageError(`${method} cannot have a body`);

  const ledger = deps.ledger ?? new SpendLedger();
  const wallet = deps.wallet ?? new BuilderWallet();
  if (wallet instanceof BuilderWallet) {
    try {
      wallet.checkConfig();
    } catch (err) {
      throw usageError((err as Error).message);
    }
  }
  let result: Awaited<ReturnType<typeof paidCall>>;
  try {
    result = await paidCall(
      { url, method, headers, maxSats, ...(body !== undefined ? { body } : {}) },
      {
        wallet,
        store: deps.store ?? new FileTokenStore(),
        ledger,
        limits: resolveLimits(args, ledger),
        via: "fetch",
      },
    );
  } catch (err) {
    if (err instanceof PaidCallError) throw new CliError(exitCodeFor(err), `${err.message} (${err.code})`);
    throw err;
  }
  const { response } = result;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const write = deps.write ?? ((chunk) => process.stdout.write(chunk));
  if (asJson) {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    const utf8 = Buffer.from(text, "utf8").equals(Buffer.from(bytes));
    const json = {
      url: url.href,
      method,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      sats_paid: result.satsPaid,
      fee_sats: result.feeSats,
      payment_hash: result.paymentHash,
      receipt: result.receipt?.json ?? null,
      receipt_header: result.receipt?.header ?? null,
      body: utf8 ? text : Buffer.from(bytes).toString("base64"),
      body_encoding: utf8 ? "utf8" : "base64",
    };
    write(new TextEncoder().encode(`${JSON.stringify(json)}\n`));
  } else write(bytes);
  if (response.status >= 400) {
    throw new CliError(EXIT.upstream, `the server answered ${response.status} ${response.statusText}`.trim());
  }
  return EXIT.ok;
}
