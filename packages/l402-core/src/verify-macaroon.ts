/**
 * Verifies a macaroon WITHOUT its preimage: signature chain, caveat grammar and narrowing, the
 * service, and expiry — what a holder of the 402's macaroon can prove before paying. Used by the
 * gateway's settlement hand-off (Try it paid from a phone): the macaroon proves "this challenge was
 * handed to me", not "I paid"; the preimage is what proves payment, and the hand-off only gives it
 * out once the invoice is settled. Route caveats (methods, paths, calls) are not checked here: no
 * request is being made, and the paid call that follows checks them as every call does.
 */
import { analyzeCaveats, type CaveatAnalysis } from "./caveats/analyze";
import { servicesSatisfier } from "./caveats/services";
import { validUntilSatisfier } from "./caveats/valid-until";
import { equalBytes, signatureChain } from "./signature";
import { parseToken } from "./token";
import type { VerifyFailure } from "./verify";

export interface VerifiedMacaroon {
  ok: true;
  tokenId: string;
  paymentHash: string;
  /** unix seconds, from the service's narrowest valid_until caveat */
  validUntil?: number;
}

const failure = (code: VerifyFailure["code"], message: string): VerifyFailure => ({
  ok: false,
  code,
  message,
});

export function verifyMacaroon(
  macaroonB64: string,
  rootKey: Uint8Array,
  ctx: { service: string; now?: number },
): VerifiedMacaroon | VerifyFailure {
  const parsed = parseToken(macaroonB64);
  if (!parsed.ok) return failure(parsed.error.code as VerifyFailure["code"], parsed.error.message);
  const { raw, identifier, conditions, thirdParty } = parsed.token;
  if (thirdParty) return failure("unknown_caveat", "Third-party caveats are not supported.");
  if (!(rootKey instanceof Uint8Array) || rootKey.length === 0)
    return failure("bad_signature", "No root key for this token.");
  const chain = signatureChain(
    rootKey,
    raw.identifier,
    raw.caveats.map((c) => c.id),
  );
  // Constant time (equalBytes): the signature is the secret an attacker would guess.
  if (!equalBytes(chain[chain.length - 1] as string, raw.signature)) {
    return failure("bad_signature", "The token's signature does not verify.");
  }
  const analyzed = analyzeCaveats(conditions);
  if (!analyzed.ok) return failure(analyzed.failure.code, analyzed.failure.message);
  const analysis: CaveatAnalysis = analyzed.analysis;
  const request = { service: ctx.service, now: ctx.now ?? Math.floor(Date.now() / 1000) };
  const wrongService = servicesSatisfier.check(analysis.services, request);
  if (wrongService) return failure(wrongService.code, wrongService.message);
  const validUntil = analysis.bySlug.get(ctx.service)?.values.get("valid_until") as number | undefined;
  if (validUntil !== undefined) {
    const expired = validUntilSatisfier.check(validUntil, request);
    if (expired) return failure(expired.code, expired.message);
  }
  const verified: VerifiedMacaroon = {
    ok: true,
    tokenId: identifier.tokenId,
    paymentHash: identifier.paymentHash,
  };
  if (validUntil !== undefined) verified.validUntil = validUntil;
  return verified;
}
