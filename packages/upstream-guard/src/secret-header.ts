/**
 * Which header names a provider may store its upstream secret under. The gateway writes the
 * secret as one request header; a name that frames the message (Content-Length,
 * Transfer-Encoding), routes it (Host), belongs to the connection (hop-by-hop, RFC 9110 §7.6.1)
 * or is one the gateway sets itself (X-Forwarded-*) would let a tenant rewrite where or how the
 * request goes, or smuggle a second one. Refused when the secret is saved (web) and never sent
 * (gateway), from this one list.
 */
import { ORIGIN_DIGEST_HEADER, ORIGIN_SIGNATURE_HEADER } from "./origin-signature";

/** Hop-by-hop headers (RFC 9110 §7.6.1): they belong to one connection, never to the message. */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "http2-settings",
]);

/** Claims about who sent the request and how; only the gateway writes them upstream. */
export const FORWARDING_HEADERS: ReadonlySet<string> = new Set([
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
]);

const FORBIDDEN_SECRET_HEADERS: ReadonlySet<string> = new Set([
  "host",
  // The gateway's own origin signature: a secret there would replace it.
  ORIGIN_SIGNATURE_HEADER,
  ORIGIN_DIGEST_HEADER,
  "content-length",
  "expect",
  ...HOP_BY_HOP_HEADERS,
  ...FORWARDING_HEADERS,
]);

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

/** Why `name` cannot carry an upstream secret, or null when it can. */
export function forbiddenSecretHeaderReason(name: string): string | null {
  if (typeof name !== "string" || !TOKEN.test(name)) return "not a valid HTTP header name";
  if (FORBIDDEN_SECRET_HEADERS.has(name.toLowerCase())) {
    return `${name} is set by the gateway or frames the request, so it cannot carry the secret`;
  }
  return null;
}

/**
 * The origin (scheme://host[:port]) an upstream secret is bound to: the secret box seals it into
 * the secret's associated data, and the gateway opens it with the API's current origin.
 */
export function upstreamOrigin(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}
