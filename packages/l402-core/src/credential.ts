import type { Scheme } from "./challenge";
import { L402Error, type L402ErrorInfo } from "./errors";
import { MAX_MACAROON_BASE64 } from "./token";

export const MAX_CREDENTIAL_HEADER = 8 * 1024;
export const MAX_MACAROONS = 4;

export type ParseCredentialResult =
  | { ok: true; scheme: Scheme; macaroons: string[]; preimage: string }
  | { ok: false; error: L402ErrorInfo };

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const PREIMAGE = /^[0-9a-fA-F]{64}$/;

const malformed = (message: string): ParseCredentialResult => ({
  ok: false,
  error: { code: "malformed", message },
});

/**
 * `Authorization: L402 <b64>[,<b64>…]:<hex preimage>` (or LSAT, any case). An absent header or
 * another scheme is `missing` (→ 402); an L402/LSAT header we cannot read is `malformed` (→ 401).
 * Never throws.
 */
export function parseCredential(header: string | null | undefined): ParseCredentialResult {
  if (typeof header !== "string" || header.trim() === "") {
    return { ok: false, error: { code: "missing", message: "No L402 credential." } };
  }
  if (header.length > MAX_CREDENTIAL_HEADER) return malformed("The Authorization header is too long.");
  const text = header.trim();
  const space = text.search(/\s/);
  const scheme = (space < 0 ? text : text.slice(0, space)).toUpperCase();
  if (scheme !== "L402" && scheme !== "LSAT") {
    return { ok: false, error: { code: "missing", message: "No L402 credential." } };
  }
  if (space < 0) return malformed("The L402 credential is empty.");
  const rest = text.slice(space + 1).trim();
  const colon = rest.lastIndexOf(":");
  if (colon < 0) return malformed("The L402 credential must be <macaroon>:<preimage>.");
  const preimage = rest.slice(colon + 1).trim();
  if (!PREIMAGE.test(preimage)) return malformed("The preimage must be 64 hex characters.");
  const macaroons = rest.slice(0, colon).split(",");
  if (macaroons.length > MAX_MACAROONS) return malformed("Too many macaroons in the credential.");
  for (let i = 0; i < macaroons.length; i++) {
    const m = (macaroons[i] as string).trim();
    if (m.length === 0 || m.length > MAX_MACAROON_BASE64 || !BASE64.test(m)) {
      return malformed("The credential's macaroon is not base64.");
    }
    macaroons[i] = m;
  }
  return { ok: true, scheme, macaroons, preimage: preimage.toLowerCase() };
}

export function formatCredential(input: {
  macaroons?: readonly string[];
  macaroon?: string;
  preimage: string;
  scheme?: Scheme;
}): string {
  const macaroons = input.macaroons ?? (input.macaroon !== undefined ? [input.macaroon] : []);
  if (macaroons.length === 0 || !macaroons.every((m) => BASE64.test(m)) || !PREIMAGE.test(input.preimage)) {
    throw new L402Error("malformed", "A credential needs base64 macaroons and a 64-hex preimage.");
  }
  return `${input.scheme ?? "L402"} ${macaroons.join(",")}:${input.preimage.toLowerCase()}`;
}
