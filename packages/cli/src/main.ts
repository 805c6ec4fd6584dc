import { closeLndClients } from "@tollbooth/lightning";
import { CliError, EXIT } from "./cli-error";
import { FETCH_HELP, fetchCommand } from "./commands/fetch";
import { MCP_HELP, mcpCommand } from "./commands/mcp";
import { QUOTE_HELP, quoteCommand } from "./commands/quote";
import { RECEIPT_HELP, receiptCommand } from "./commands/receipt";
import { SIMNET_HELP, simnetCommand } from "./commands/simnet";
import { WALLET_HELP, walletCommand } from "./commands/wallet";

const HELP = `Usage: tollbooth <command> [options]

Commands:
  fetch <url>          call an L402 API, paying within --max-sats with the builder wallet (--json)
  quote <url>          what a call costs and what a payment buys, without paying (JSON)
  mcp                  MCP server over stdio: search_apis, get_api, quote, call_api, budget
  receipt verify <r|->  check a signed receipt against the hub's published keys (or --key FILE)
  wallet balance       the builder wallet's balance (JSON)
  wallet pay <bolt11>  pay an invoice from the builder wallet (JSON with the preimage)
  wallet history       what the CLI paid, when, for which URL (JSON lines)
  wallet budget        spent and remaining per day and in total; sets the stored limits
  simnet               run the simulated Lightning network in the foreground

Run \`tollbooth <command> --help\` for details.
Exit codes: 0 ok, 2 usage error, 3 price above cap, 4 payment failed, 5 upstream/gateway error,
6 over budget (nothing paid), 7 receipt invalid.
`;

// grpc-js sets the TLS server name to the socket's IP (as LND users connect to 127.0.0.1:10009),
// which Node flags as DEP0123 on every connection; it is noise for CLI users, so only it is muted.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((...args: unknown[]) => {
  const [, typeOrOptions, code] = args;
  const warningCode = typeof typeOrOptions === "object" ? (typeOrOptions as { code?: string })?.code : code;
  if (warningCode !== "DEP0123") emitWarning(...args);
}) as typeof process.emitWarning;

const out = (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      process.stderr.write(HELP);
      return EXIT.usage;
    case "-h":
    case "--help":
    case "help":
      out(HELP);
      return EXIT.ok;
    case "fetch":
      return fetchCommand(rest, out);
    case "quote":
      return quoteCommand(rest, out);
    case "mcp":
      return mcpCommand(rest, out);
    case "receipt":
      return receiptCommand(rest, out);
    case "wallet":
      return walletCommand(rest, out);
    case "simnet":
      return simnetCommand(rest, out);
    default:
      throw new CliError(EXIT.usage, `unknown command "${command}"\n\n${HELP}`);
  }
}

// Keep the help texts reachable for `help <command>`-style lookups by other tools.
export const COMMAND_HELP = {
  fetch: FETCH_HELP,
  quote: QUOTE_HELP,
  mcp: MCP_HELP,
  receipt: RECEIPT_HELP,
  wallet: WALLET_HELP,
  simnet: SIMNET_HELP,
};

let code: number;
try {
  code = await run(process.argv.slice(2));
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`tollbooth: ${err.message}\n`);
    code = err.exitCode;
  } else {
    process.stderr.write(`tollbooth: ${err instanceof Error ? err.message : String(err)}\n`);
    code = EXIT.upstream;
  }
}
await closeLndClients();
process.exit(code);
