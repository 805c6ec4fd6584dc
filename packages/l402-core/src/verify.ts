import { hash } from "node:crypto";
import { type AnalyzeResult, analyzeCaveats, type CaveatAnalysis, checkRequest } from "./caveats/analyze";
import type { RequestScope } from "./caveats/satisfier";
import type { VerifyErrorCode } from "./errors";
import type { Identifier } from "./identifier";
import { equalBytes, equalBytesAt, fingerprintOf, signatureChain } from "./signature";
import { parseToken } from "./token";

export interface Credential {
  macaroons: readonly string[];
  /** 32-byte preimage as hex, any case */
  preimage: string;
}

export interface VerifyContext {
  service: string;
  /** unix seconds; default now */
  now?: number;
  method?: string;
  path?: string;
  capability?: string;
}

export interface Limit {
  fingerprint: string;
  calls?: number;
  budgetMsat?: number;
}

export interface TokenScope {
  paths?: readonly string[];
  methods?: readonly string[];
  capabilities?: readonly string[];
}

export interface VerifiedToken {
  ok: true;
  tokenId: string;
  paymentHash: string;
  service: string;
  tier: number;
  validUntil?: number;
  calls?: number;
  budgetMsat?: number;
  scope: TokenScope;
  /** names this exact (possibly attenuated) token */
  fingerprint: string;
  /** one entry per calls/budget caveat, root first: count every call against each `calls` limit and every msat against each `budgetMsat` limit */
  limits: readonly Limit[];
  /** the limits' fingerprints (ancestors' and this token's own limit caveats), root first, without `fingerprint` itself */
  parentFingerprints: readonly string[];
}

export interface VerifyFailure {
  ok: false;
  code: VerifyErrorCode;
  message: string;
}

export type VerifyResult = VerifiedToken | VerifyFailure;

/** The request-independent outcome of verifying a credential: what the cache keeps. */
export type VerifiedCredential =
  | { ok: true; identifier: Identifier; analysis: CaveatAnalysis; chain: string[] }
  | VerifyFailure;

/** Scratch for the preimage's bytes (verification is synchronous): no Buffer per verify. */
const preimageScratch = Buffer.alloc(32);

/**
 * 64 hex characters (any case) → bytes in the scratch buffer, or undefined for anything else. A JS
 * loop: cheaper than a regex test plus Buffer#write's native call.
 */
function preimageBytes(hex: string): Buffer | undefined {
  if (hex.length !== 64) return undefined;
  let bad = 0;
  for (let i = 0; i < 32; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    bad |= hi | lo; // -1 for a non-hex character
    preimageScratch[i] = (hi << 4) | lo;
  }
  return bad < 0 ? undefined : preimageScratch;
}

/** One hex digit's value, or -1. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

const failure = (code: VerifyErrorCode, message: string): VerifyFailure => ({ ok: false, code, message });

type SignedToken = Extract<ReturnType<typeof parseToken>, { ok: true }>["token"];

/**
 * Parses a macaroon and checks its signature chain under the root key (compared in constant time:
 * the signature is what an attacker would guess). The one home of that rule: the paid call
 * (verifyCredential) and the settlement hand-off (verifyMacaroon, no preimage) both start here.
 */
export function verifySignature(
  macaroonB64: string,
  rootKey: Uint8Array | string,
): { ok: true; token: SignedToken; chain: string[] } | VerifyFailure {
  const parsed = parseToken(macaroonB64);
  if (!parsed.ok) return failure(parsed.error.code as VerifyErrorCode, parsed.error.message);
  if (parsed.token.thirdParty) return failure("unknown_caveat", "Third-party caveats are not supported.");
  const { raw } = parsed.token;
  const key = typeof rootKey === "string" ? Buffer.from(rootKey, "hex") : rootKey;
  if (!(key instanceof Uint8Array) || key.length === 0)
    return failure("bad_signature", "No root key for this token.");
  const chain = signatureChain(
    key,
    raw.identifier,
    raw.caveats.map((c) => c.id),
  );
  if (!equalBytes(chain[chain.length - 1] as string, raw.signature)) {
    return failure("bad_signature", "The token's signature does not verify.");
  }
  return { ok: true, token: parsed.token, chain };
}

/** Signature chain, preimage and caveat grammar/narrowing: everything that does not depend on the request. */
export function verifyCredential(credential: Credential, rootKey: Uint8Array | string): VerifiedCredential {
  if (!credential || !Array.isArray(credential.macaroons) || credential.macaroons.length === 0) {
    return failure("malformed", "The credential has no macaroon.");
  }
  if (credential.macaroons.length > 1) {
    // Extra macaroons would be discharges for third-party caveats, which this service never issues.
    return failure("malformed", "Only one macaroon per credential is supported.");
  }
  const signed = verifySignature(credential.macaroons[0] as string, rootKey);
  if (!signed.ok) return signed;
  const { raw, identifier, conditions } = signed.token;
  const { chain } = signed;

  const preimage = typeof credential.preimage === "string" ? preimageBytes(credential.preimage) : undefined;
  if (!preimage) return failure("malformed", "The preimage must be 32 bytes of hex.");
  // The identifier's bytes 2..34 are the payment hash (decodeIdentifier checked the layout).
  const paid = hash("sha256", preimage, "binary");
  if (!equalBytesAt(paid, raw.identifier, 2)) {
    return failure("bad_preimage", "The preimage does not match the token's payment hash.");
  }

  const analyzed: AnalyzeResult = analyzeCaveats(conditions);
  if (!analyzed.ok) return failure(analyzed.failure.code, analyzed.failure.message);
  return { ok: true, identifier, analysis: analyzed.analysis, chain };
}

/** The grant a verified credential gives for one service (request-independent, so cacheable per service). */
export function grantFor(
  verified: Extract<VerifiedCredential, { ok: true }>,
  service: string,
): VerifiedToken {
  const { identifier, analysis, chain } = verified;
  const entry = analysis.bySlug.get(service);
  const values = entry?.values;
  const fingerprint = fingerprintOf(chain[chain.length - 1] as string);
  const limits: Limit[] = (entry?.limits ?? []).map((caveat) => {
    const limit: Limit = { fingerprint: fingerprintOf(chain[caveat.index + 1] as string) };
    if (caveat.calls !== undefined) limit.calls = caveat.calls;
    if (caveat.budgetMsat !== undefined) limit.budgetMsat = caveat.budgetMsat;
    return limit;
  });
  const parentFingerprints = limits.map((l) => l.fingerprint).filter((fp) => fp !== fingerprint);
  const scope: TokenScope = {};
  const paths = values?.get("paths") as string[] | undefined;
  const methods = values?.get("methods") as string[] | undefined;
  const capabilities = values?.get("capabilities") as string[] | undefined;
  if (paths) scope.paths = paths;
  if (methods) scope.methods = methods;
  if (capabilities) scope.capabilities = capabilities;
  const token: VerifiedToken = {
    ok: true,
    tokenId: identifier.tokenId,
    paymentHash: identifier.paymentHash,
    service,
    tier: analysis.services.find((s) => s.service === service)?.tier ?? 0,
    scope,
    fingerprint,
    limits,
    parentFingerprints,
  };
  const validUntil = values?.get("valid_until") as number | undefined;
  const calls = values?.get("calls") as number | undefined;
  const budgetMsat = values?.get("budget_msat") as number | undefined;
  if (validUntil !== undefined) token.validUntil = validUntil;
  if (calls !== undefined) token.calls = calls;
  if (budgetMsat !== undefined) token.budgetMsat = budgetMsat;
  return token;
}

export function requestScope(ctx: VerifyContext): RequestScope {
  const scope: RequestScope = { service: ctx.service, now: ctx.now ?? Math.floor(Date.now() / 1000) };
  if (ctx.method !== undefined) scope.method = ctx.method;
  if (ctx.path !== undefined) scope.path = ctx.path;
  if (ctx.capability !== undefined) scope.capability = ctx.capability;
  return scope;
}

/** Verifies a credential for one request, without a cache. See TokenVerifier for the cached hot path. */
export function verifyToken(
  credential: Credential,
  rootKey: Uint8Array | string,
  ctx: VerifyContext,
): VerifyResult {
  const verified = verifyCredential(credential, rootKey);
  if (!verified.ok) return verified;
  const request = ctx.now !== undefined ? (ctx as RequestScope) : requestScope(ctx);
  const failed = checkRequest(verified.analysis, request);
  if (failed) return { ok: false, code: failed.code, message: failed.message };
  return grantFor(verified, ctx.service);
}
