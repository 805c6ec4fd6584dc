import { SERVICE_CAVEATS } from "./registry";
import type { CaveatFailure, RequestScope } from "./satisfier";
import { type ServiceTier, servicesSatisfier } from "./services";
import { SLUG } from "./values";

/**
 * One `_calls` or `_budget_msat` caveat. Each is its own limit, named later by the signature right
 * after it: every descendant token carries the same prefix, so it inherits the same limit names
 * and the gateway can count a spend against each ancestor's limit.
 */
export interface LimitCaveat {
  /** index of the caveat in the token */
  index: number;
  calls?: number;
  budgetMsat?: number;
}

export interface ServiceCaveats {
  /** narrowest value per kind (`valid_until` → number, `paths` → string[], …) */
  values: Map<string, unknown>;
  limits: LimitCaveat[];
}

/** Everything the caveats say, independent of any request: computed once per token and cacheable. */
export interface CaveatAnalysis {
  /** the narrowest `services` caveat */
  services: ServiceTier[];
  bySlug: Map<string, ServiceCaveats>;
}

export type AnalyzeResult = { ok: true; analysis: CaveatAnalysis } | { ok: false; failure: CaveatFailure };

const fail = (code: CaveatFailure["code"], message: string): AnalyzeResult => ({
  ok: false,
  failure: { code, message },
});

/** Reads the caveats in order: unknown → refused, widened → refused, otherwise keeps the narrowest. */
export function analyzeCaveats(conditions: readonly string[]): AnalyzeResult {
  let firstServices: ServiceTier[] | undefined;
  let services: ServiceTier[] | undefined;
  const bySlug = new Map<string, ServiceCaveats>();
  let lastSlug: string | undefined;
  let lastEntry: ServiceCaveats | undefined;

  for (let i = 0; i < conditions.length; i++) {
    const condition = conditions[i] as string;
    const eq = condition.indexOf("=");
    if (eq <= 0) return fail("unknown_caveat", "The token has a caveat this service does not understand.");
    const key = condition.slice(0, eq);
    const value = condition.slice(eq + 1);

    if (key === servicesSatisfier.kind) {
      const parsed = servicesSatisfier.parse(value);
      if (!parsed) return fail("invalid_caveat", "The token's services caveat is malformed.");
      if (services && !servicesSatisfier.narrows(services, parsed)) {
        return fail("caveat_widened", "A later services caveat widens an earlier one.");
      }
      services = parsed;
      firstServices ??= parsed;
      continue;
    }

    const underscore = key.indexOf("_");
    const slug = key.slice(0, underscore);
    const kind = key.slice(underscore + 1);
    const satisfier = underscore > 0 ? SERVICE_CAVEATS.get(kind) : undefined;
    // Caveats for one slug come in a run: the slug checked last needs no second regex or lookup.
    const sameSlug = slug === lastSlug;
    if (!satisfier || (!sameSlug && !SLUG.test(slug))) {
      return fail("unknown_caveat", "The token has a caveat this service does not understand.");
    }
    const parsed = satisfier.parse(value);
    if (parsed === undefined) return fail("invalid_caveat", `The token's ${kind} caveat is malformed.`);

    let entry = sameSlug ? lastEntry : bySlug.get(slug);
    if (!entry) {
      entry = { values: new Map(), limits: [] };
      bySlug.set(slug, entry);
    }
    lastSlug = slug;
    lastEntry = entry;
    const previous = entry.values.get(kind);
    if (previous !== undefined && !satisfier.narrows(previous, parsed)) {
      return fail("caveat_widened", `A later ${kind} caveat widens an earlier one.`);
    }
    entry.values.set(kind, parsed);

    if (kind === "calls") entry.limits.push({ index: i, calls: parsed as number });
    if (kind === "budget_msat") entry.limits.push({ index: i, budgetMsat: parsed as number });
  }

  if (!services || !firstServices) return fail("wrong_service", "The token names no service.");
  // A per-service caveat for a slug the token never named is not ours to interpret: fail closed.
  for (const slug of bySlug.keys()) {
    if (!firstServices.some((s) => s.service === slug)) {
      return fail("unknown_caveat", "The token has a caveat for a service it does not name.");
    }
  }
  return { ok: true, analysis: { services, bySlug } };
}

/** Request-dependent checks on an analysis: service, then expiry, then scope (registry order). */
export function checkRequest(analysis: CaveatAnalysis, request: RequestScope): CaveatFailure | undefined {
  const serviceFailure = servicesSatisfier.check(analysis.services, request);
  if (serviceFailure) return serviceFailure;
  const entry = analysis.bySlug.get(request.service);
  if (!entry) return undefined;
  for (const [kind, satisfier] of SERVICE_CAVEATS) {
    const value = entry.values.get(kind);
    if (value === undefined) continue;
    const failure = satisfier.check(value, request);
    if (failure) return failure;
  }
  return undefined;
}
