import { SERVICE_CAVEATS } from "./caveats/registry";
import type { CaveatSatisfier, RequestScope } from "./caveats/satisfier";
import { servicesSatisfier } from "./caveats/services";
import { equalStrings } from "./signature";
import { type InspectResult, inspectToken } from "./token";
import {
  type Credential,
  grantFor,
  type VerifiedCredential,
  type VerifiedToken,
  type VerifyContext,
  type VerifyFailure,
  type VerifyResult,
  verifyCredential,
} from "./verify";

/** What one service needs checked per request, precomputed: satisfier + narrowest value, in check order. */
interface ServicePlan {
  grant: VerifiedToken;
  checks: Array<[CaveatSatisfier<unknown>, unknown]>;
}

type Plan = (ServicePlan & { ok: true }) | VerifyFailure;

interface Entry {
  preimage: string;
  rootKey: Buffer;
  verified: VerifiedCredential;
  plans: Map<string, Plan>;
}

/**
 * The gateway's verifier: a bounded cache over verifyCredential, keyed by the exact macaroon and
 * guarded by the preimage and root key (compared in constant time), so a different preimage or a
 * revoked/re-keyed token misses. Only request-independent work is cached; service, expiry and
 * scope are checked on every call. Eviction is first-in-first-out: O(1), and a hot credential
 * evicted early just gets verified once more.
 */
export class TokenVerifier {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #inspected = new Map<string, InspectResult>();

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 10_000));
  }

  get size(): number {
    return this.#entries.size;
  }

  /** inspectToken behind the same bounded cache (the result is immutable per macaroon). */
  inspect(macaroonB64: string): InspectResult {
    let result = this.#inspected.get(macaroonB64);
    if (!result) {
      result = inspectToken(macaroonB64);
      this.#remember(this.#inspected, macaroonB64, result);
    }
    return result;
  }

  verify(credential: Credential, rootKey: Uint8Array | string, ctx: VerifyContext): VerifyResult {
    const macaroons = credential?.macaroons;
    const preimage = credential?.preimage;
    if (!Array.isArray(macaroons) || macaroons.length !== 1 || typeof preimage !== "string") {
      return verifyCredential(credential, rootKey) as VerifyFailure;
    }
    const macaroon = macaroons[0] as string;
    const key = typeof rootKey === "string" ? Buffer.from(rootKey, "hex") : rootKey;
    const preimageLower = preimage.toLowerCase();

    let entry = this.#entries.get(macaroon);
    if (!entry || !equalStrings(entry.preimage, preimageLower) || !equalKeys(entry.rootKey, key)) {
      entry = {
        preimage: preimageLower,
        rootKey: Buffer.from(key),
        verified: verifyCredential(credential, key),
        plans: new Map(),
      };
      this.#entries.delete(macaroon);
      this.#remember(this.#entries, macaroon, entry);
    }

    let plan = entry.plans.get(ctx.service);
    if (!plan) {
      plan = planFor(entry.verified, ctx.service);
      entry.plans.set(ctx.service, plan);
    }
    if (!plan.ok) return plan;
    const request: RequestScope = {
      service: ctx.service,
      now: ctx.now ?? Math.floor(Date.now() / 1000),
      method: ctx.method,
      path: ctx.path,
      capability: ctx.capability,
    } as RequestScope;
    const checks = plan.checks;
    for (let i = 0; i < checks.length; i++) {
      const [satisfier, value] = checks[i] as [CaveatSatisfier<unknown>, unknown];
      const failed = satisfier.check(value, request);
      if (failed) return { ok: false, code: failed.code, message: failed.message };
    }
    return plan.grant;
  }

  clear(): void {
    this.#entries.clear();
    this.#inspected.clear();
  }

  #remember<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, value);
  }
}

/** Constant-time root key comparison (lengths are public). */
function equalKeys(a: Buffer, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

function planFor(verified: VerifiedCredential, service: string): Plan {
  if (!verified.ok) return verified;
  const wrong = servicesSatisfier.check(verified.analysis.services, { service, now: 0 });
  if (wrong) return { ok: false, code: wrong.code, message: wrong.message };
  const values = verified.analysis.bySlug.get(service)?.values;
  const checks: Array<[CaveatSatisfier<unknown>, unknown]> = [];
  for (const [kind, satisfier] of SERVICE_CAVEATS) {
    const value = values?.get(kind);
    if (value !== undefined) checks.push([satisfier, value]);
  }
  const grant = grantFor(verified, service);
  Object.freeze(grant.limits);
  Object.freeze(grant.parentFingerprints);
  Object.freeze(grant.scope);
  return { ok: true, grant: Object.freeze(grant), checks };
}
