import { paymentLabel } from "@/lib/format";
import type { RuleTerms } from "@/server/apis/api-view";

/** The column titles above the pricing rules (hidden on phones, where each field says its unit). */
export function RuleColumns() {
  return (
    <div
      aria-hidden="true"
      className="hidden px-3 text-xs font-medium uppercase tracking-wide text-zinc-500 sm:grid sm:grid-cols-[6rem_1fr_8rem_7rem_6rem_7.5rem] sm:gap-2"
    >
      <span>Method</span>
      <span>Path</span>
      <span>Kind</span>
      <span>Price</span>
      <span>Calls / mins</span>
      <span />
    </div>
  );
}

/** What one payment on a rule buys, in words. */
export function PaymentBuys({ rule: r }: { rule: RuleTerms }) {
  return (
    <p className="col-span-2 text-xs text-zinc-600 sm:col-span-6" data-testid="payment-buys">
      {r.kind === "free"
        ? "Free: no payment."
        : `One payment buys ${paymentLabel({
            kind: r.kind,
            calls: r.callsPerToken,
            passSeconds: r.passSeconds,
            amountSats: r.kind === "time_pass" ? r.priceSats : r.priceSats * r.callsPerToken,
          })} on ${r.method === "*" ? "any method" : r.method} ${r.pathPattern}.`}
    </p>
  );
}
