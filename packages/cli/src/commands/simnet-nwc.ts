import { lastFlag, parseArgs } from "../args";
import { localSimnetAdmin } from "../builder-wallet";
import { CliError, EXIT, usageError } from "../cli-error";

export const SIMNET_NWC_HELP = `Usage: tollbooth simnet nwc [--node NAME] [--receive-only]

Prints an NWC (Nostr Wallet Connect, NIP-47) connection string for a simnet node's wallet, served
by the running simnet's relay (SIMNET_NOSTR_PORT, default 10011). By default the builder wallet's,
which can pay: use it as TOLLBOOTH_NWC_URL for \`tollbooth fetch\` / \`tollbooth wallet\`, or in any
NWC client. --node NAME names a provider node instead; --receive-only leaves out pay_invoice and
get_balance (what a provider should connect to the dashboard: a leaked string cannot spend).

The string holds a secret: treat it like a password. The simnet is found at TOLLBOOTH_SIMNET_ADMIN
with TOLLBOOTH_SIMNET_ADMIN_TOKEN (or admin.token in SIMNET_DATA_DIR), as for the builder wallet.
`;

export async function simnetNwcCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const args = parseArgs(argv, { node: {}, "receive-only": { boolean: true } });
  if (args.help) {
    out(SIMNET_NWC_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw usageError(`unexpected argument "${args.positionals[0]}"`);
  const node = lastFlag(args, "node");
  try {
    const minted = await localSimnetAdmin().nwc({
      ...(node !== undefined ? { node } : {}),
      receiveOnly: args.flags.has("receive-only"),
    });
    out(minted.connectionString);
    return EXIT.ok;
  } catch (err) {
    throw new CliError(EXIT.upstream, (err as Error).message);
  }
}
