import { intFlag, type ParsedArgs } from "./args";
import { usageError } from "./cli-error";
import type { SpendLedger, SpendLimits } from "./spend-ledger";

/** The flags every paying command accepts for the persisted budget. */
export const BUDGET_FLAGS = { "day-budget-sats": {}, "total-budget-sats": {} } as const;

export const BUDGET_HELP = `  --day-budget-sats N    the most paid per UTC day, all runs together (TOLLBOOTH_BUDGET_DAY_SATS,
                         else the limit stored by \`tollbooth wallet budget --day-sats\`; default none)
  --total-budget-sats N  the most paid in total (TOLLBOOTH_BUDGET_TOTAL_SATS, else the stored limit)`;

export function envSats(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw usageError(`${name} must be a whole number`);
  return Number(raw);
}

/** Flag, else env, else what `tollbooth wallet budget` stored beside the token file. */
export function resolveLimits(args: ParsedArgs, ledger: SpendLedger): SpendLimits {
  const stored = ledger.storedLimits();
  return {
    daySats: intFlag(args, "day-budget-sats") ?? envSats("TOLLBOOTH_BUDGET_DAY_SATS") ?? stored.daySats,
    totalSats:
      intFlag(args, "total-budget-sats") ?? envSats("TOLLBOOTH_BUDGET_TOTAL_SATS") ?? stored.totalSats,
  };
}
