import { SimnetUnavailableError } from "@tollbooth/simnet";
import { lastFlag, parseArgs } from "../args";
import { localSimnetAdmin } from "../builder-wallet";
import { CliError, EXIT, usageError } from "../cli-error";

export const SIMNET_LNBITS_HELP = `Usage: tollbooth simnet lnbits [--node NAME] [--admin-key]

Prints a simnet node's LNbits wallet on the running simnet's LNbits-compatible API: the instance
URL and the wallet's Invoice/read key — what a provider pastes into "Connect a wallet → LNbits".
The node is created on first use; default the funded builder wallet ("builder").

Options:
  --node NAME     the simnet node                          (default builder)
  --admin-key     print the Admin key too (it can spend: for paying from the wallet, never for providers)
  -h, --help      this help

Reads the simnet admin API at TOLLBOOTH_SIMNET_ADMIN (default http://127.0.0.1:10010) with
TOLLBOOTH_SIMNET_ADMIN_TOKEN (else admin.token in SIMNET_DATA_DIR, .data/simnet).
`;

export async function simnetLnbitsCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const args = parseArgs(argv, { node: {}, "admin-key": { boolean: true } });
  if (args.help) {
    out(SIMNET_LNBITS_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw usageError(`unexpected argument "${args.positionals[0]}"`);
  const name = lastFlag(args, "node") ?? "builder";
  const admin = localSimnetAdmin();
  try {
    if (name !== "builder") await admin.createNode(name);
    const wallet = await admin.lnbits(name);
    out(`url: ${wallet.url}`);
    out(`invoice key: ${wallet.invoiceKey}`);
    if (args.flags.has("admin-key")) out(`admin key: ${wallet.adminKey}`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof SimnetUnavailableError) throw new CliError(EXIT.upstream, err.message);
    throw usageError((err as Error).message);
  }
}
