import { decodeBase64 } from "./bytes";
import { type ServiceTier, servicesSatisfier } from "./caveats/services";
import type { L402ErrorInfo } from "./errors";
import { decodeIdentifier, type Identifier } from "./identifier";
import { decodeMacaroon, type RawMacaroon } from "./macaroon-binary";

/** Longest base64 macaroon we read at all (the credential parser enforces the same). */
export const MAX_MACAROON_BASE64 = 4096;

export interface ParsedToken {
  raw: RawMacaroon;
  identifier: Identifier;
  /** first-party caveat conditions, decoded as latin1 (all our grammars are ASCII) */
  conditions: string[];
  thirdParty: boolean;
}

export type ParseTokenResult = { ok: true; token: ParsedToken } | { ok: false; error: L402ErrorInfo };

export function parseToken(macaroonB64: string): ParseTokenResult {
  if (typeof macaroonB64 !== "string" || macaroonB64.length > MAX_MACAROON_BASE64) {
    return { ok: false, error: { code: "malformed", message: "The macaroon is missing or too long." } };
  }
  const bytes = decodeBase64(macaroonB64);
  const raw = bytes && decodeMacaroon(bytes);
  if (!raw)
    return { ok: false, error: { code: "malformed", message: "The macaroon is not a valid v2 macaroon." } };
  const id = decodeIdentifier(raw.identifier);
  if (!id.ok) return id;
  let thirdParty = false;
  const conditions = raw.caveats.map((c) => {
    if (c.vid) thirdParty = true;
    return c.id.toString("latin1");
  });
  return { ok: true, token: { raw, identifier: id.identifier, conditions, thirdParty } };
}

export type InspectResult =
  | {
      ok: true;
      version: 0;
      tokenId: string;
      paymentHash: string;
      /** from the narrowest well-formed `services` caveat; empty when there is none */
      services: ServiceTier[];
      /** every caveat condition, in order (not verified!) */
      caveats: string[];
    }
  | { ok: false; error: L402ErrorInfo };

/**
 * Reads a token WITHOUT verifying it, so the gateway can fetch the root key by token id.
 * Nothing returned here may be trusted before verifyToken succeeds.
 */
export function inspectToken(macaroonB64: string): InspectResult {
  const parsed = parseToken(macaroonB64);
  if (!parsed.ok) return parsed;
  const { identifier, conditions } = parsed.token;
  let services: ServiceTier[] = [];
  for (const c of conditions) {
    if (c.startsWith("services=")) services = servicesSatisfier.parse(c.slice(9)) ?? services;
  }
  return {
    ok: true,
    version: 0,
    tokenId: identifier.tokenId,
    paymentHash: identifier.paymentHash,
    services,
    caveats: conditions,
  };
}
