import { SERVICE_CAVEATS } from "./caveats/registry";
import type { CaveatSatisfier, RequestScope } from "./caveats/satisfier";
import { servicesSatisfier } from "./caveats/services";
import { type InspectResult, inspectToken } from "./token";
import {
  type Credential,
  grantFor,
  type VerifiedCredential,
  type VerifyContext,
  type VerifyFailure,
  type VerifyResult,
  verifyCredential,
} from "./verify";

/** Signature characters folded into the cache key: the base64 tail is the token's signature. */
const KEY_CHARS = 8;

/**
 * A 30-bit cache key from base64 characters of the macaroon's signature (its last 32 bytes), read
 * in place: no substring, no string hash over the whole header, and a small-integer Map key. The
 * last 3 characters are skipped (padding, partial bits). Two tokens with the same key just take
 * turns in the cache; the whole macaroon is compared on every hit.
 */
function tailKey(macaroon: string): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, macaroon.length - 3 - KEY_CHARS); i < macaroon.length - 3; i++) {
    h = Math.imul(h ^ macaroon.charCodeAt(i), 0x01000193);
  }
  return h & 0x3fffffff;
}

/** What one service needs per request, precomputed: the outcome, and what a request can still fail. */
interface Plan {
  /** the frozen grant, or why the token is no good for this service */
  outcome: VerifyResult;
  /** flat pairs [satisfier, value, satisfier, value, …] of the caveats a request can fail, in check order */
  checks: readonly unknown[];
}

/**
 * One cached credential, kept small and flat: between two requests for the same token the rest of
 * the gateway evicts it from the CPU caches, so every object on the hit path is a memory round
 * trip. The plan for the first service asked for lives in the entry itself (a token is nearly
 * always used for one service).
 */
interface Entry extends Plan {
  macaroon: string;
  /** preimage bytes (32) then root key bytes, as a latin1 string: one object, compared in constant time */
  secret: string;
  verified: VerifiedCredential;
  service: string;
  /** plans for any other services */
  others: Map<string, Plan> | undefined;
}

interface InspectEntry {
  macaroon: string;
  result: InspectResult;
}

/** The request scope with every field present, reused per verifier when the caller gives no `now`. */
interface ScratchScope {
  service: string;
  now: number;
  method: string | undefined;
  path: string | undefined;
  capability: string | undefined;
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
  readonly #entries = new Map<number, Entry>();
  readonly #inspected = new Map<number, InspectEntry>();
  readonly #scope: ScratchScope = {
    service: "",
    now: 0,
    method: undefined,
    path: undefined,
    capability: undefined,
  };

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 10_000));
  }

  get size(): number {
    return this.#entries.size;
  }

  /** inspectToken behind the same bounded cache (the result is immutable per macaroon). */
  inspect(macaroonB64: string): InspectResult {
    if (typeof macaroonB64 !== "string") return inspectToken(macaroonB64);
    const cacheKey = tailKey(macaroonB64);
    const cached = this.#inspected.get(cacheKey);
    if (cached && cached.macaroon === macaroonB64) return cached.result;
    const result = inspectToken(macaroonB64);
    this.#inspected.delete(cacheKey);
    this.#remember(this.#inspected, cacheKey, { macaroon: macaroonB64, result });
    return result;
  }

  verify(credential: Credential, rootKey: Uint8Array | string, ctx: VerifyContext): VerifyResult {
    const macaroons = credential?.macaroons;
    const preimage = credential?.preimage;
    if (!Array.isArray(macaroons) || macaroons.length !== 1 || typeof preimage !== "string") {
      return verifyCredential(credential, rootKey) as VerifyFailure;
    }
    const macaroon = macaroons[0];
    const key = typeof rootKey === "string" ? Buffer.from(rootKey, "hex") : rootKey;
    if (typeof macaroon !== "string" || !(key instanceof Uint8Array)) {
      return verifyCredential(credential, key) as VerifyFailure;
    }
    const cacheKey = tailKey(macaroon);
    let entry = this.#entries.get(cacheKey);
    if (!entry || entry.macaroon !== macaroon || !secretMatches(entry.secret, preimage, key)) {
      const verified = verifyCredential(credential, key);
      const plan = planFor(verified, ctx.service);
      entry = {
        macaroon,
        secret: Buffer.from(preimage, "hex").toString("latin1") + Buffer.from(key).toString("latin1"),
        verified,
        service: ctx.service,
        outcome: plan.outcome,
        checks: plan.checks,
        others: undefined,
      };
      this.#entries.delete(cacheKey);
      this.#remember(this.#entries, cacheKey, entry);
    }

    let plan: Plan | undefined;
    if (entry.service === ctx.service) plan = entry;
    else {
      entry.others ??= new Map();
      plan = entry.others.get(ctx.service);
      if (!plan) {
        plan = planFor(entry.verified, ctx.service);
        entry.others.set(ctx.service, plan);
      }
    }
    const outcome = plan.outcome;
    if (!outcome.ok) return outcome;
    const checks = plan.checks;
    if (checks.length === 0) return outcome;
    // A context with `now` already is a RequestScope; otherwise fill this verifier's scratch scope
    // (verify is synchronous, so it is never shared) instead of allocating one per request.
    let request: RequestScope;
    if (ctx.now !== undefined) request = ctx as RequestScope;
    else {
      const scope = this.#scope;
      scope.service = ctx.service;
      scope.now = Math.floor(Date.now() / 1000);
      scope.method = ctx.method;
      scope.path = ctx.path;
      scope.capability = ctx.capability;
      request = scope as RequestScope;
    }
    for (let i = 0; i < checks.length; i += 2) {
      const failed = (checks[i] as CaveatSatisfier<unknown>).check(checks[i + 1], request);
      if (failed) return { ok: false, code: failed.code, message: failed.message };
    }
    return outcome;
  }

  clear(): void {
    this.#entries.clear();
    this.#inspected.clear();
  }

  #remember<V>(map: Map<number, V>, key: number, value: V): void {
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
 * Does `secret` (latin1: 32 preimage bytes, then the root key) spell exactly this hex preimage (any
 * case) and this key? Constant time in the bytes (lengths are public), no allocation; any non-hex
 * character fails.
 */
function secretMatches(secret: string, hex: string, key: Uint8Array): boolean {
  if (hex.length !== 64 || secret.length !== 32 + key.length) return false;
  let diff = 0;
  for (let i = 0; i < 32; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    const hi = HEX_VALUE[a & 0x7f] as number;
    const lo = HEX_VALUE[b & 0x7f] as number;
    // a negative nibble (non-hex) sets high bits of diff; chars ≥ 128 are caught by the mask check
    diff |= ((hi << 4) | lo) ^ secret.charCodeAt(i);
    diff |= (hi | lo) & 0x8000;
    diff |= (a | b) & ~0x7f;
  }
  for (let i = 0; i < key.length; i++) diff |= secret.charCodeAt(32 + i) ^ (key[i] as number);
  return diff === 0;
}

const NO_CHECKS: readonly unknown[] = Object.freeze([]);

function planFor(verified: VerifiedCredential, service: string): Plan {
  if (!verified.ok) return { outcome: verified, checks: NO_CHECKS };
  const wrong = servicesSatisfier.check(verified.analysis.services, { service, now: 0 });
  if (wrong) return { outcome: { ok: false, code: wrong.code, message: wrong.message }, checks: NO_CHECKS };
  const values = verified.analysis.bySlug.get(service)?.values;
  const checks: unknown[] = [];
  for (const [kind, satisfier] of SERVICE_CAVEATS) {
    const value = values?.get(kind);
    if (value !== undefined && !satisfier.grantOnly) checks.push(satisfier, value);
  }
  const grant = grantFor(verified, service);
  Object.freeze(grant.limits);
  Object.freeze(grant.parentFingerprints);
  Object.freeze(grant.scope);
  return { outcome: Object.freeze(grant), checks: Object.freeze(checks) };
}
