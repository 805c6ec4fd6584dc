import { readInvoice, type Wallet } from "@tollbooth/l402-core";
import { BudgetRefusal, type SpendLedger, type SpendLimits } from "./spend-ledger";

/** The payer the CLI wraps: the builder wallet (simnet / LND, or whatever createBuilderWallet picks). */
export interface PayingWallet {
  payInvoice(bolt11: string): Promise<{ preimage: string; paymentHash?: string; feeSats?: number }>;
}

/** An invoice the budget cannot price (not BOLT11, or amountless): never paid. */
export class UnpricedInvoice extends Error {
  override name = "UnpricedInvoice";
}

/** A budget held in memory for one `tollbooth mcp` session (`--budget-sats`). */
export class SessionBudget {
  spent = 0;
  private reserved = 0;
  constructor(readonly limit: number) {}

  get remaining(): number {
    return Math.max(0, this.limit - this.spent - this.reserved);
  }

  /** Reserves `sats` or returns why not; synchronous, so two concurrent tool calls cannot both fit. */
  tryReserve(sats: number): BudgetRefusal | undefined {
    if (sats > this.remaining) {
      return new BudgetRefusal(
        "over_budget",
        `paying ${sats} sats would pass this session's budget of ${this.limit} sats (${this.spent} spent, ${this.remaining} left); nothing was paid`,
        {
          budget: "session",
          limit_sats: this.limit,
          spent_sats: this.spent,
          remaining_sats: this.remaining,
          price_sats: sats,
        },
      );
    }
    this.reserved += sats;
    return undefined;
  }

  settle(reservedSats: number, paidSats: number | null): void {
    this.reserved -= reservedSats;
    if (paidSats !== null) this.spent += paidSats;
  }
}

/**
 * The Wallet given to l402-core's paying client for ONE call: before paying it reads the
 * invoice's amount and reserves it against the persisted limits and the session budget — a
 * refusal throws before any money moves and is kept in `refusal` (the paying client reports it
 * as a failed payment; the caller reads the real reason here). Afterwards `paidSats`/`feeSats`
 * say what this call paid.
 */
export class BudgetedWallet implements Wallet {
  refusal: BudgetRefusal | undefined;
  paidSats = 0;
  feeSats = 0;
  paymentHash: string | undefined;

  constructor(
    private readonly inner: PayingWallet,
    private readonly ledger: SpendLedger,
    private readonly limits: SpendLimits,
    private readonly context: { url: string | null; method: string | null; via: string },
    private readonly session?: SessionBudget,
  ) {}

  async payInvoice(bolt11: string): Promise<{ preimage: string }> {
    const invoice = readInvoice(bolt11);
    if (!invoice) throw new UnpricedInvoice("not a valid BOLT11 invoice");
    if (invoice.amountMsat === undefined)
      throw new UnpricedInvoice("the invoice has no amount, so no budget can price it");
    const amount = Number((invoice.amountMsat + 999n) / 1000n);
    let sessionReserved = 0;
    let id: string;
    try {
      id = await this.ledger.reserve(
        { ...this.context, amount_sats: amount, payment_hash: invoice.paymentHash },
        this.limits,
        () => {
          const refused = this.session?.tryReserve(amount);
          if (!refused && this.session) sessionReserved = amount;
          return refused;
        },
      );
    } catch (err) {
      if (sessionReserved) this.session?.settle(sessionReserved, null);
      if (err instanceof BudgetRefusal) this.refusal = err;
      throw err;
    }
    let paid: Awaited<ReturnType<PayingWallet["payInvoice"]>>;
    try {
      paid = await this.inner.payInvoice(bolt11);
    } catch (err) {
      await this.ledger.finish(id, { status: "failed" }).catch(() => {});
      this.session?.settle(sessionReserved, null);
      throw err;
    }
    const fee = paid.feeSats ?? 0;
    this.session?.settle(sessionReserved, amount + fee);
    this.paidSats += amount;
    this.feeSats += fee;
    this.paymentHash = invoice.paymentHash;
    // Paid: a ledger that cannot be updated now keeps the entry "pending", which still counts as spent.
    await this.ledger.finish(id, { status: "paid", feeSats: fee }).catch(() => {});
    return { preimage: paid.preimage };
  }
}
