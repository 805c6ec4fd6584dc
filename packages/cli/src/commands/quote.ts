import { ToolRefusal } from "@tollbooth/agent-tools";
import { lastFlag, parseArgs } from "../args";
import { CliError, EXIT, usageError } from "../cli-error";
import { HubCatalog, hubUrl, quoteUrl } from "../hub";
import { FileTokenStore } from "../token-file-store";

export const QUOTE_HELP = `Usage: tollbooth quote <url> [-X METHOD] [--hub URL]

What calling <url> would cost and what one payment buys, as JSON — without paying anything. A URL
of an API on the hub (--hub, TOLLBOOTH_HUB_URL, default http://localhost:3000) is priced by the
gateway's quote document (no invoice is created); any other L402 URL by the invoice amount of its
402 challenge (the request is sent once without a credential; the invoice is never paid).
"cached_token" says when a token in ~/.tollbooth/tokens.json already covers the request.

Options:
  -X, --method M   HTTP method (default GET)
  --hub URL        the hub whose catalog names its APIs
  -h, --help       this help

Exit codes: 0 ok, 2 usage error, 5 the server or gateway could not be asked.
`;

export async function quoteCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const args = parseArgs(argv, { method: { alias: "X" }, request: {}, hub: {} });
  if (args.help) {
    out(QUOTE_HELP);
    return EXIT.ok;
  }
  const [raw, ...extra] = args.positionals;
  if (!raw) throw usageError("quote needs a URL (see tollbooth quote --help)");
  if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}"`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`not a URL: "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError("only http and https URLs");
  const method = (lastFlag(args, "method") ?? lastFlag(args, "request") ?? "GET").toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(method)) throw usageError(`invalid method "${method}"`);
  try {
    out(JSON.stringify(await quoteUrl(url, method, new HubCatalog(hubUrl(args)), new FileTokenStore())));
    return EXIT.ok;
  } catch (err) {
    const message = err instanceof ToolRefusal ? `${err.message} (${err.code})` : (err as Error).message;
    throw new CliError(EXIT.upstream, message);
  }
}
