import { encodeBase64 } from "./bytes";
import { analyzeCaveats } from "./caveats/analyze";
import { L402Error } from "./errors";
import { encodeMacaroon } from "./macaroon-binary";
import { caveatConditions } from "./mint";
import { hmacSha256 } from "./signature";
import { parseToken } from "./token";

export interface Attenuation {
  calls?: number;
  budgetMsat?: number;
  /** unix seconds */
  validUntil?: number;
  paths?: readonly string[];
  methods?: readonly string[];
  /** which service to narrow, when the token names several */
  service?: string;
}

/**
 * Derives a narrower sub-token offline (no root key needed: sigₙ₊₁ = HMAC(sigₙ, caveat)).
 * Each new calls/budget caveat becomes a limit named by the signature right after it; the
 * parent's limits keep their names, so the gateway counts the child's spends against them too.
 * Throws L402Error when the token is malformed or the attenuation would widen it.
 */
export function attenuate(tokenB64: string, restriction: Attenuation): string {
  const parsed = parseToken(tokenB64);
  if (!parsed.ok) throw new L402Error(parsed.error.code, parsed.error.message);
  const { raw, conditions, thirdParty } = parsed.token;
  if (thirdParty)
    throw new L402Error("unknown_caveat", "Tokens with third-party caveats cannot be attenuated here.");

  const current = analyzeCaveats(conditions);
  if (!current.ok) throw new L402Error(current.failure.code, current.failure.message);
  const services = current.analysis.services;
  const service = restriction.service ?? (services.length === 1 ? services[0]?.service : undefined);
  if (!service || !services.some((s) => s.service === service)) {
    throw new L402Error("wrong_service", "Say which of the token's services to attenuate.");
  }

  const added = caveatConditions(service, restriction);
  if (added.length === 0)
    throw new L402Error("malformed", "An attenuation must add at least one restriction.");
  const next = analyzeCaveats([...conditions, ...added]);
  if (!next.ok) throw new L402Error(next.failure.code, next.failure.message);

  let signature = raw.signature;
  const caveats = [...raw.caveats];
  for (const condition of added) {
    const id = Buffer.from(condition, "latin1");
    signature = hmacSha256(signature, id);
    caveats.push({ id });
  }
  return encodeBase64(encodeMacaroon({ ...raw, caveats, signature }));
}
