import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withFileLock, writeFileAtomic } from "./file-lock";
import { tollboothHome } from "./token-file-store";

/**
 * What the CLI has paid, persisted beside the token file (`$TOLLBOOTH_HOME/spend.json`, 0600),
 * so a spend budget holds across runs: per UTC day and in total. Every payment is reserved
 * (`pending`) under the file's lock BEFORE the wallet pays — two runs at once cannot both fit
 * under the same remaining budget — then marked `paid` (with its routing fee) or `failed`.
 * A `pending` entry left by a crashed run still counts as spent: it may have paid.
 *
 * Format `{ "version": 1, "limits": { "day_sats", "total_sats" }, "payments": [ … ] }`. A corrupt
 * file or a newer version is refused (the paying commands stop), never read as "nothing spent":
 * a budget that resets itself is no budget.
 */
export const SPEND_FILE_VERSION = 1;

export type PaymentStatus = "pending" | "paid" | "failed";

export interface SpendEntry {
  id: string;
  /** ISO 8601 time the payment was started */
  at: string;
  url: string | null;
  method: string | null;
  amount_sats: number;
  fee_sats: number;
  payment_hash: string;
  status: PaymentStatus;
  /** which command paid: fetch, mcp, wallet pay */
  via: string;
}

export interface SpendLimits {
  /** the most paid per UTC day (amounts + fees); null = no limit */
  daySats: number | null;
  /** the most paid in total; null = no limit */
  totalSats: number | null;
}

interface SpendFile {
  version: number;
  limits: { day_sats: number | null; total_sats: number | null };
  payments: SpendEntry[];
}

export interface SpendWindow {
  limit: number | null;
  spent: number;
  remaining: number | null;
}

/** Why a payment was refused before it was made. */
export class BudgetRefusal extends Error {
  constructor(
    readonly code: "over_budget",
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = "BudgetRefusal";
  }
}

const utcDay = (iso: string) => iso.slice(0, 10);
const counted = (e: SpendEntry) => (e.status === "failed" ? 0 : e.amount_sats + e.fee_sats);
const window = (limit: number | null, spent: number): SpendWindow => ({
  limit,
  spent,
  remaining: limit === null ? null : Math.max(0, limit - spent),
});

export class SpendLedger {
  constructor(readonly file: string = join(tollboothHome(), "spend.json")) {}

  read(): SpendFile {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, "utf8"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return empty();
      if (err instanceof SyntaxError) throw new Error(`${this.file} is not valid JSON: fix or remove it`);
      throw err;
    }
    if (typeof parsed !== "object" || parsed === null) return empty();
    const file = parsed as Partial<SpendFile>;
    if (file.version !== SPEND_FILE_VERSION) {
      throw new Error(
        `${this.file} is version ${String(file.version)}; this CLI reads version ${SPEND_FILE_VERSION}`,
      );
    }
    const limits = file.limits ?? { day_sats: null, total_sats: null };
    return {
      version: SPEND_FILE_VERSION,
      limits: { day_sats: wholeOrNull(limits.day_sats), total_sats: wholeOrNull(limits.total_sats) },
      payments: Array.isArray(file.payments) ? file.payments.filter(isEntry) : [],
    };
  }

  /** The limits stored by `tollbooth wallet budget --day-sats/--total-sats`. */
  storedLimits(): SpendLimits {
    const { limits } = this.read();
    return { daySats: limits.day_sats, totalSats: limits.total_sats };
  }

  async setLimits(change: Partial<SpendLimits>): Promise<void> {
    await this.change((file) => {
      if (change.daySats !== undefined) file.limits.day_sats = change.daySats;
      if (change.totalSats !== undefined) file.limits.total_sats = change.totalSats;
    });
  }

  status(limits: SpendLimits, now = new Date()): { day: SpendWindow; total: SpendWindow } {
    return spentIn(this.read().payments, limits, now);
  }

  history(): SpendEntry[] {
    return this.read().payments;
  }

  /**
   * Records a payment about to be made, if it fits the limits (and `extra`, e.g. a session
   * budget, checked under the same lock); else throws BudgetRefusal and records nothing.
   */
  async reserve(
    payment: Omit<SpendEntry, "id" | "at" | "status" | "fee_sats">,
    limits: SpendLimits,
    extra?: () => BudgetRefusal | undefined,
  ): Promise<string> {
    const id = randomBytes(8).toString("hex");
    await this.change((file) => {
      const now = new Date();
      const { day, total } = spentIn(file.payments, limits, now);
      const price = payment.amount_sats;
      for (const [name, w] of [
        ["daily", day],
        ["total", total],
      ] as const) {
        if (w.remaining !== null && price > w.remaining) {
          throw new BudgetRefusal(
            "over_budget",
            `paying ${price} sats would pass the ${name} budget of ${w.limit} sats (${w.spent} spent, ${w.remaining} left); nothing was paid`,
            {
              budget: name,
              limit_sats: w.limit,
              spent_sats: w.spent,
              remaining_sats: w.remaining,
              price_sats: price,
            },
          );
        }
      }
      const refusal = extra?.();
      if (refusal) throw refusal;
      file.payments.push({ ...payment, id, at: now.toISOString(), status: "pending", fee_sats: 0 });
    });
    return id;
  }

  async finish(
    id: string,
    outcome: { status: "paid"; feeSats: number } | { status: "failed" },
  ): Promise<void> {
    await this.change((file) => {
      const entry = file.payments.find((e) => e.id === id);
      if (!entry) return;
      entry.status = outcome.status;
      if (outcome.status === "paid") entry.fee_sats = outcome.feeSats;
    });
  }

  private change(apply: (file: SpendFile) => void): Promise<void> {
    return withFileLock(this.file, () => {
      const file = this.read();
      apply(file);
      writeFileAtomic(this.file, JSON.stringify(file, null, 2));
    });
  }
}

function spentIn(payments: SpendEntry[], limits: SpendLimits, now: Date) {
  const today = utcDay(now.toISOString());
  let day = 0;
  let total = 0;
  for (const e of payments) {
    total += counted(e);
    if (utcDay(e.at) === today) day += counted(e);
  }
  return { day: window(limits.daySats, day), total: window(limits.totalSats, total) };
}

function empty(): SpendFile {
  return { version: SPEND_FILE_VERSION, limits: { day_sats: null, total_sats: null }, payments: [] };
}

function wholeOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

function isEntry(e: unknown): e is SpendEntry {
  const x = e as SpendEntry;
  return (
    typeof x === "object" &&
    x !== null &&
    typeof x.id === "string" &&
    typeof x.at === "string" &&
    Number.isSafeInteger(x.amount_sats) &&
    Number.isSafeInteger(x.fee_sats) &&
    (x.status === "pending" || x.status === "paid" || x.status === "failed")
  );
}
