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
import { type VerifyFailure, verifySignature } from "./verify";

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
  const signed = verifySignature(macaroonB64, rootKey);
  if (!signed.ok) return signed;
  const { identifier, conditions } = signed.token;
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
