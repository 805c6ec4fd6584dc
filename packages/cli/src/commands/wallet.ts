import { DEFAULT_SIMNET_ADMIN_URL } from "@tollbooth/contract/defaults";
import { LightningError } from "@tollbooth/lightning";
import { SimnetUnavailableError } from "@tollbooth/simnet";
import { parseArgs } from "../args";
import { BuilderWallet } from "../builder-wallet";
import { CliError, EXIT, usageError } from "../cli-error";

export const WALLET_HELP = `Usage:
  tollbooth wallet balance        print the builder wallet's spendable balance as JSON
  tollbooth wallet pay <bolt11>   pay an invoice; prints JSON with the preimage

The wallet is the simnet's funded builder node, found through the simnet admin API at
TOLLBOOTH_SIMNET_ADMIN (default ${DEFAULT_SIMNET_ADMIN_URL}; start it with \`tollbooth simnet\`).
To pay from a real LND node instead set TOLLBOOTH_LND_SOCKET (host:port), TOLLBOOTH_LND_MACAROON
(hex/base64, needs offchain:read and offchain:write) and TOLLBOOTH_LND_CERT (base64 of tls.cert).

Exit codes: 0 ok, 2 usage error, 4 payment failed, 5 wallet node unreachable.
`;

function asCliError(err: unknown, failureCode: 4 | 5): CliError {
  if (err instanceof SimnetUnavailableError) return new CliError(EXIT.upstream, err.message);
  if (err instanceof LightningError) {
    if (err.code === "invalid_request") return new CliError(EXIT.usage, err.message);
    const unreachable =
      err.code === "unreachable" || err.code === "timeout" || err.code === "unauthenticated";
    return new CliError(unreachable ? EXIT.upstream : failureCode, `${err.message} (${err.code})`);
  }
  return new CliError(EXIT.upstream, err instanceof Error ? err.message : String(err));
}

export async function walletCommand(
  argv: string[],
  out: (line: string) => void,
  wallet = new BuilderWallet(),
) {
  const args = parseArgs(argv, {});
  const [sub, ...rest] = args.positionals;
  if (args.help || sub === undefined) {
    out(WALLET_HELP);
    return args.help ? EXIT.ok : EXIT.usage;
  }
  if (sub === "balance") {
    if (rest.length > 0) throw usageError(`wallet balance takes no arguments`);
    try {
      const { sats } = await wallet.balance();
      out(JSON.stringify({ balance_sats: sats }));
      return EXIT.ok;
    } catch (err) {
      throw asCliError(err, EXIT.upstream);
    }
  }
  if (sub === "pay") {
    if (rest.length !== 1 || !rest[0]) throw usageError("wallet pay needs exactly one BOLT11 invoice");
    try {
      const paid = await wallet.payInvoice(rest[0]);
      out(
        JSON.stringify({ preimage: paid.preimage, payment_hash: paid.paymentHash, fee_sats: paid.feeSats }),
      );
      return EXIT.ok;
    } catch (err) {
      throw asCliError(err, EXIT.paymentFailed);
    }
  }
  throw usageError(`unknown wallet command "${sub}" (try: balance, pay)`);
}
