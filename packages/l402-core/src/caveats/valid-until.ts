import type { CaveatSatisfier } from "./satisfier";
import { parseCount } from "./values";

/** `<slug>_valid_until=<unix seconds>` — aperture's expiry caveat; the token is good through that second. */
export const validUntilSatisfier: CaveatSatisfier<number> = {
  kind: "valid_until",
  parse: parseCount,
  narrows: (previous, next) => next <= previous,
  check(value, request) {
    if (request.now <= value) return undefined;
    return { code: "expired", message: "This token has expired." };
  },
};
