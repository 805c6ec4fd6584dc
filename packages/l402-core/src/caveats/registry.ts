import { budgetSatisfier } from "./budget";
import { callsSatisfier } from "./calls";
import { capabilitiesSatisfier } from "./capabilities";
import { methodsSatisfier } from "./methods";
import { pathsSatisfier } from "./paths";
import type { CaveatSatisfier } from "./satisfier";
import { validUntilSatisfier } from "./valid-until";

/** The per-service caveat kinds, keyed by the suffix in `<slug>_<kind>=…`. Anything else is unknown. */
export const SERVICE_CAVEATS: ReadonlyMap<string, CaveatSatisfier<unknown>> = new Map<
  string,
  CaveatSatisfier<unknown>
>(
  [
    validUntilSatisfier,
    capabilitiesSatisfier,
    callsSatisfier,
    budgetSatisfier,
    pathsSatisfier,
    methodsSatisfier,
  ].map((s) => [s.kind, s as CaveatSatisfier<unknown>]),
);

/** Caveat names as written in tokens; see the README table. */
export const caveatName = {
  services: "services",
  validUntil: (slug: string) => `${slug}_valid_until`,
  capabilities: (slug: string) => `${slug}_capabilities`,
  calls: (slug: string) => `${slug}_calls`,
  budgetMsat: (slug: string) => `${slug}_budget_msat`,
  paths: (slug: string) => `${slug}_paths`,
  methods: (slug: string) => `${slug}_methods`,
} as const;
