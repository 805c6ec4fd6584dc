/** Exit codes from docs/contract.md. */
export const EXIT = {
  ok: 0,
  usage: 2,
  priceAboveCap: 3,
  paymentFailed: 4,
  upstream: 5,
  /** a spend budget (daily, total or session) would be passed; nothing was paid */
  overBudget: 6,
  /** `receipt verify`: not a receipt signed by a published key (stderr says why) */
  badReceipt: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as `tollbooth: <message>` and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);
