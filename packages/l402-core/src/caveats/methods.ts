import type { CaveatSatisfier } from "./satisfier";
import { isSubset, parseList } from "./values";

const METHOD = /^[A-Z]{1,16}$/;

/** `<slug>_methods=GET,POST` — HTTP methods the token may be used with. */
export const methodsSatisfier: CaveatSatisfier<string[]> = {
  kind: "methods",
  parse: (value) => parseList(value, METHOD),
  narrows: (previous, next) => isSubset(next, previous),
  check(value, request) {
    // Fail closed: a method-scoped token with no method to compare against is refused.
    // The exact string first: the gateway passes uppercase methods, and that needs no new string.
    const method = request.method;
    if (method !== undefined && (value.includes(method) || value.includes(method.toUpperCase()))) {
      return undefined;
    }
    return {
      code: "out_of_scope",
      message: `This token is not valid for the method ${method?.toUpperCase() ?? "(none)"}.`,
    };
  },
};
