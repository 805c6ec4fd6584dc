import type { CaveatSatisfier } from "./satisfier";
import { parseCount } from "./values";

/**
 * `<slug>_budget_msat=<n>` — spend budget in millisatoshis. Like calls, the gateway does the
 * counting; the verifier only reports the grant.
 */
export const budgetSatisfier: CaveatSatisfier<number> = {
  kind: "budget_msat",
  parse: parseCount,
  narrows: (previous, next) => next <= previous,
  check: () => undefined,
  grantOnly: true,
};
