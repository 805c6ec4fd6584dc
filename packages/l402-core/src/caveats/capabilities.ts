import type { CaveatSatisfier } from "./satisfier";
import { isSubset, parseList } from "./values";

const CAPABILITY = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `<slug>_capabilities=a,b` — aperture's capability list; a route that needs a capability asks for it. */
export const capabilitiesSatisfier: CaveatSatisfier<string[]> = {
  kind: "capabilities",
  parse: (value) => parseList(value, CAPABILITY),
  narrows: (previous, next) => isSubset(next, previous),
  check(value, request) {
    if (request.capability === undefined || value.includes(request.capability)) return undefined;
    return {
      code: "out_of_scope",
      message: `This token does not grant the capability "${request.capability}".`,
    };
  },
};
