import { SERVICE_CAVEATS } from "./caveats/registry";
import type { CaveatSatisfier, RequestScope } from "./caveats/satisfier";
import { servicesSatisfier } from "./caveats/services";
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

/** base64 chars of a macaroon's tail used as cache key: covers the 32-byte signature */
const CACHE_KEY_CHARS = 44;

/** What one service needs checked per request, precomputed: satisfier + narrowest value, in check order. */
interface ServicePlan {
  grant: VerifiedToken;
  checks: Array<[CaveatSatisfier<unknown>, unknown]>;
}

type Plan = (ServicePlan & { ok: true }) | VerifyFailure;

interface Entry {
  macaroon: string;
  preimage: Buffer;
  rootKey: Buffer;
  verified: VerifiedCredential;
  plans: Map<string, Plan>;
}

/**
 * The gateway's verifier: a bounded cache over verifyCredential, keyed by the exact macaroon and
 * guarded by the preimage and root key (both compared in constant time), so a different preimage
 * or a revoked/re-keyed token misses. Only request-independent work is cached; service, expiry and
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
    if (!(key instanceof Uint8Array)) return verifyCredential(credential, key) as VerifyFailure;
    // Keyed by the tail of the base64 (the signature, unique per token) so a fresh header string
    // costs a hash of ~44 characters, not of the whole macaroon; the full string is compared below.
    const cacheKey = macaroon.length > CACHE_KEY_CHARS ? macaroon.slice(-CACHE_KEY_CHARS) : macaroon;

    let entry = this.#entries.get(cacheKey);
    if (
      !entry ||
      entry.macaroon !== macaroon ||
      !preimageMatches(entry.preimage, preimage) ||
      !equalKeys(entry.rootKey, key)
    ) {
      entry = {
        macaroon,
        preimage: Buffer.from(preimage, "hex"),
        rootKey: Buffer.from(key),
        verified: verifyCredential(credential, key),
        plans: new Map(),
      };
      this.#entries.delete(cacheKey);
      this.#remember(this.#entries, cacheKey, entry);
    }

    let plan = entry.plans.get(ctx.service);
    if (!plan) {
      plan = planFor(entry.verified, ctx.service);
      entry.plans.set(ctx.service, plan);
    }
    if (!plan.ok) return plan;
    // A context with `now` already is a RequestScope: no object per request on the warm path.
    const request: RequestScope =
      ctx.now === undefined ? { ...ctx, now: Math.floor(Date.now() / 1000) } : (ctx as RequestScope);
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

const HEX_VALUE = new Int16Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX_VALUE[65 + c] = 10 + c;
  HEX_VALUE[97 + c] = 10 + c;
}

/**
 * Does the hex text (any case) spell exactly these bytes? Constant time in the bytes, no
 * allocation; any non-hex character fails.
 */
function preimageMatches(bytes: Buffer, hex: string): boolean {
  if (hex.length !== bytes.length * 2) return false;
  let diff = 0;
  for (let i = 0; i < bytes.length; i++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 * i) & 0x7f] as number;
    const lo = HEX_VALUE[hex.charCodeAt(2 * i + 1) & 0x7f] as number;
    // a negative nibble (non-hex) sets high bits of diff; chars ≥ 128 are caught by the mask check
    diff |= ((hi << 4) | lo) ^ (bytes[i] as number);
    diff |= (hi | lo) & 0x8000;
    diff |= (hex.charCodeAt(2 * i) | hex.charCodeAt(2 * i + 1)) & ~0x7f;
  }
  return diff === 0;
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
