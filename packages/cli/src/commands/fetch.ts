import { fetchWithL402, L402ClientError, type Wallet } from "@tollbooth/l402-core";
import { intFlag, lastFlag, parseArgs } from "../args";
import { BuilderWallet } from "../builder-wallet";
import { CliError, EXIT, usageError } from "../cli-error";
import { FileTokenStore } from "../token-file-store";

const DEFAULT_MAX_SATS = 100;

export const FETCH_HELP = `Usage: tollbooth fetch <url> [--max-sats N] [-X METHOD] [-d DATA] [-H 'K: V']...

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
  -h, --help       this help

Exit codes: 0 ok, 2 usage error, 3 price above cap, 4 payment failed, 5 upstream/gateway error
(including any HTTP status ≥ 400, whose body is still printed).
`;

export interface FetchDeps {
  wallet?: Wallet;
  store?: FileTokenStore;
  write?: (chunk: Uint8Array) => void;
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

  const envCap = process.env.TOLLBOOTH_MAX_SATS;
  if (envCap !== undefined && !/^\d+$/.test(envCap))
    throw usageError("TOLLBOOTH_MAX_SATS must be a whole number");
  const maxSats = intFlag(args, "max-sats") ?? (envCap ? Number(envCap) : DEFAULT_MAX_SATS);
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

  let response: Response;
  try {
    response = await fetchWithL402(
      url,
      { method, headers, ...(body !== undefined ? { body } : {}) },
      { wallet: deps.wallet ?? new BuilderWallet(), maxSats, store: deps.store ?? new FileTokenStore() },
    );
  } catch (err) {
    if (err instanceof L402ClientError) {
      const code =
        err.code === "price_above_cap"
          ? EXIT.priceAboveCap
          : err.code === "payment_failed"
            ? EXIT.paymentFailed
            : EXIT.upstream;
      throw new CliError(code, `${err.message} (${err.code})`);
    }
    throw new CliError(EXIT.upstream, `request failed: ${(err as Error).message}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  (deps.write ?? ((chunk) => process.stdout.write(chunk)))(bytes);
  if (response.status >= 400) {
    throw new CliError(EXIT.upstream, `the server answered ${response.status} ${response.statusText}`.trim());
  }
  return EXIT.ok;
}
