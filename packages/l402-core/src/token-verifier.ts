import { timingSafeEqual } from "node:crypto";
import { checkRequest } from "./caveats/analyze";
import type { RequestScope } from "./caveats/satisfier";
import { type InspectResult, inspectToken } from "./token";
import {
  type Credential,
  grantFor,
  type VerifiedCredential,
  type VerifiedToken,
  type VerifyContext,
  type VerifyResult,
  verifyCredential,
} from "./verify";

interface Entry {
  rootKey: Buffer;
  verified: VerifiedCredential;
  /** the grant per service, built once: the warm path allocates nothing */
  grants: Map<string, VerifiedToken>;
}

/**
 * The gateway's verifier: a bounded cache over verifyCredential, keyed by the exact credential
 * (macaroon + preimage) and guarded by the root key, so a revoked or re-keyed token misses.
 * Only request-independent work is cached; service, expiry and scope are checked every call.
 * Eviction is first-in-first-out: O(1), and a hot credential simply gets re-verified once.
 */
export class TokenVerifier {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #inspected = new Map<string, InspectResult>();

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** inspectToken with the same bounded cache policy. */
  inspect(macaroonB64: string): InspectResult {
    let result = this.#inspected.get(macaroonB64);
    if (!result) {
      result = inspectToken(macaroonB64);
      this.#remember(this.#inspected, macaroonB64, result);
    }
    return result;
  }

  verify(credential: Credential, rootKey: Uint8Array | string, ctx: VerifyContext): VerifyResult {
    const key =
      typeof rootKey === "string"
        ? Buffer.from(rootKey, "hex")
        : Buffer.from(rootKey.buffer, rootKey.byteOffset, rootKey.byteLength);
    const macaroons = credential?.macaroons;
    const cacheKey =
      Array.isArray(macaroons) && macaroons.length === 1 && typeof credential.preimage === "string"
        ? `${macaroons[0]}:${credential.preimage}`
        : undefined;

    let entry = cacheKey === undefined ? undefined : this.#entries.get(cacheKey);
    if (entry && !(entry.rootKey.length === key.length && timingSafeEqual(entry.rootKey, key)))
      entry = undefined;
    if (!entry) {
      entry = { rootKey: Buffer.from(key), verified: verifyCredential(credential, key), grants: new Map() };
      if (cacheKey !== undefined) this.#remember(this.#entries, cacheKey, entry);
    }

    const verified = entry.verified;
    if (!verified.ok) return verified;
    const scope: RequestScope = {
      service: ctx.service,
      now: ctx.now ?? Math.floor(Date.now() / 1000),
      method: ctx.method,
      path: ctx.path,
      capability: ctx.capability,
    } as RequestScope;
    const failed = checkRequest(verified.analysis, scope);
    if (failed) return { ok: false, code: failed.code, message: failed.message };
    let grant = entry.grants.get(ctx.service);
    if (!grant) {
      grant = Object.freeze(grantFor(verified, ctx.service));
      entry.grants.set(ctx.service, grant);
    }
    return grant;
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
