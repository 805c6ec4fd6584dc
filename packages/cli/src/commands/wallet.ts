import { DEFAULT_SIMNET_ADMIN_URL } from "@tollbooth/contract/defaults";
import { LightningError } from "@tollbooth/lightning";
import { SimnetUnavailableError } from "@tollbooth/simnet";
import { intFlag, lastFlag, parseArgs } from "../args";
import { BUDGET_FLAGS, resolveLimits } from "../budget-options";
import { BudgetedWallet, UnpricedInvoice } from "../budgeted-wallet";
import { BuilderWallet } from "../builder-wallet";
import { CliError, EXIT, usageError } from "../cli-error";
import { BudgetRefusal, SpendLedger } from "../spend-ledger";

export const WALLET_HELP = `Usage:
  tollbooth wallet balance        print the builder wallet's spendable balance as JSON
  tollbooth wallet pay <bolt11>   pay an invoice; prints JSON with the preimage
  tollbooth wallet history [--limit N]
                                  what the CLI paid (fetch, mcp, wallet pay): when, how much, for which
                                  URL — JSON lines from ~/.tollbooth/spend.json, oldest first
  tollbooth wallet budget [--day-sats N|off] [--total-sats N|off]
                                  shows spent and remaining per UTC day and in total; with options,
                                  stores those limits (env TOLLBOOTH_BUDGET_DAY_SATS / _TOTAL_SATS and
                                  the --day-budget-sats / --total-budget-sats flags override them)

The wallet is the simnet's funded builder node, found through the simnet admin API at
TOLLBOOTH_SIMNET_ADMIN (default ${DEFAULT_SIMNET_ADMIN_URL}; start it with \`tollbooth simnet\`).
To pay from an NWC wallet (Alby Hub and others, or \`tollbooth simnet nwc\`) set TOLLBOOTH_NWC_URL to
its nostr+walletconnect:// connection string (it must allow pay_invoice; get_balance for balance).
To pay from a real LND node instead set TOLLBOOTH_LND_SOCKET (host:port), TOLLBOOTH_LND_MACAROON
(hex/base64, needs offchain:read and offchain:write) and TOLLBOOTH_LND_CERT (base64 of tls.cert).

Payments (wallet pay included) are checked against the stored daily and total budgets before
paying and recorded in the spend ledger.

Exit codes: 0 ok, 2 usage error, 4 payment failed, 5 wallet node unreachable, 6 over budget.
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
  ledger = new SpendLedger(),
) {
  const args = parseArgs(argv, { limit: {}, "day-sats": {}, "total-sats": {}, ...BUDGET_FLAGS });
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
    const budgeted = new BudgetedWallet(wallet, ledger, resolveLimits(args, ledger), {
      url: null,
      method: null,
      via: "wallet pay",
    });
    try {
      const paid = await budgeted.payInvoice(rest[0]);
      out(
        JSON.stringify({
          preimage: paid.preimage,
          payment_hash: budgeted.paymentHash,
          fee_sats: budgeted.feeSats,
        }),
      );
      return EXIT.ok;
    } catch (err) {
      if (err instanceof BudgetRefusal) throw new CliError(EXIT.overBudget, `${err.message} (${err.code})`);
      if (err instanceof UnpricedInvoice) throw new CliError(EXIT.usage, err.message);
      throw asCliError(err, EXIT.paymentFailed);
    }
  }
  if (sub === "history") {
    if (rest.length > 0) throw usageError("wallet history takes no arguments");
    const limit = intFlag(args, "limit", { min: 1 });
    const entries = ledger.history();
    for (const e of limit ? entries.slice(-limit) : entries) {
      out(
        JSON.stringify({
          at: e.at,
          url: e.url,
          method: e.method,
          amount_sats: e.amount_sats,
          fee_sats: e.fee_sats,
          status: e.status,
          payment_hash: e.payment_hash,
          via: e.via,
        }),
      );
    }
    return EXIT.ok;
  }
  if (sub === "budget") {
    if (rest.length > 0) throw usageError("wallet budget takes no arguments");
    const limitOf = (name: string) => {
      const raw = lastFlag(args, name);
      if (raw === undefined) return undefined;
      if (raw === "off" || raw === "none") return null;
      return intFlag(args, name) ?? null;
    };
    const daySats = limitOf("day-sats");
    const totalSats = limitOf("total-sats");
    if (daySats !== undefined || totalSats !== undefined) {
      await ledger.setLimits({
        ...(daySats !== undefined ? { daySats } : {}),
        ...(totalSats !== undefined ? { totalSats } : {}),
      });
    }
    const { day, total } = ledger.status(resolveLimits(args, ledger));
    out(
      JSON.stringify({
        day: { limit_sats: day.limit, spent_sats: day.spent, remaining_sats: day.remaining },
        total: { limit_sats: total.limit, spent_sats: total.spent, remaining_sats: total.remaining },
        file: ledger.file,
      }),
    );
    return EXIT.ok;
  }
  throw usageError(`unknown wallet command "${sub}" (try: balance, pay, history, budget)`);
}
