import type { CaveatSatisfier } from "./satisfier";
import { parseCount } from "./values";

/**
 * `<slug>_calls=<n>` — how many paid calls the token (or this attenuated prefix of it) grants.
 * Counting is stateful and done by the gateway; the verifier only reports the grant.
 */
export const callsSatisfier: CaveatSatisfier<number> = {
  kind: "calls",
  parse: parseCount,
  narrows: (previous, next) => next <= previous,
  check: () => undefined,
  grantOnly: true,
};
