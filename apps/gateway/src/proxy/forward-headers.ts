/**
 * Headers across the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) and every header named in
 * Connection belong to one connection, not the message, so they never cross. The client's
 * Authorization carries its L402 credential — it is for us, never for the upstream. The provider's
 * secret replaces any value the client sent under the same name, so a client cannot smuggle its
 * own key or make the upstream see two. The hop-by-hop and forwarding lists are shared with the
 * secret-header rule (@tollbooth/upstream-guard), so a name stripped here can never carry a secret.
 */
import type { IncomingHttpHeaders } from "node:http";
import {
  FORWARDING_HEADERS,
  HOP_BY_HOP_HEADERS,
  ORIGIN_DIGEST_HEADER,
  ORIGIN_SIGNATURE_HEADER,
} from "@tollbooth/upstream-guard";

// Never forwarded upstream: our credential, the Host (the upstream gets its own), an Expect that
// undici cannot honour (Node answered 100-continue already), and client-supplied forwarding claims.
const NOT_FORWARDED_UPSTREAM: ReadonlySet<string> = new Set([
  "authorization",
  "host",
  "expect",
  ...FORWARDING_HEADERS,
  // The web's visitor claim and its secret (http/visitor-address.ts) are for us alone.
  "x-tollbooth-visitor",
  "x-tollbooth-visitor-secret",
  // The gateway's origin signature (proxy/origin-signer.ts) is the gateway's word alone: a
  // client's own would reach an upstream that trusts it whenever the API's signing is off.
  ORIGIN_SIGNATURE_HEADER,
  ORIGIN_DIGEST_HEADER,
]);

/**
 * Never passed back from an upstream: headers that act on the gateway's whole origin (or, for
 * cookies, the parent domain) rather than on one tenant's responses. Every path-style tenant
 * shares the gateway's origin, so one tenant could otherwise clear another's (or the hub's, when
 * same-site) cookies and storage, let a service worker of its own claim the whole origin, pin
 * HSTS or advertise another server for the origin. The operator's TLS proxy sets HSTS.
 * `Tollbooth-Receipt` is the gateway's own (payment/receipt-issuer.ts): an upstream's would
 * override it and pass for the operator's word.
 */
const NOT_RETURNED_TO_CLIENT = new Set([
  "tollbooth-receipt",
  "clear-site-data",
  "service-worker-allowed",
  "alt-svc",
  "strict-transport-security",
]);

function connectionNamed(value: string | string[] | undefined): Set<string> | null {
  // Nearly every message says just keep-alive or close, both hop-by-hop already: no Set needed.
  if (value === undefined || value === "keep-alive" || value === "close") return null;
  const text = Array.isArray(value) ? value.join(",") : value;
  const names = new Set<string>();
  for (const token of text.split(",")) {
    const name = token.trim().toLowerCase();
    if (name) names.add(name);
  }
  return names;
}

export interface UpstreamHeaderInput {
  headers: IncomingHttpHeaders;
  /** Client first, then each trusted proxy, the socket peer last (http/client-address.ts). */
  forwardedFor: string[];
  /** The public host the client used (from configuration), for X-Forwarded-Host. */
  publicHost: string;
  proto: "http" | "https";
  secretHeader?: string | null;
  secretValue?: string | null;
  upstreamHost: string;
}

export function buildUpstreamHeaders(input: UpstreamHeaderInput): Record<string, string | string[]> {
  const named = connectionNamed(input.headers.connection);
  const out: Record<string, string | string[]> = {};
  const secretName = input.secretHeader?.toLowerCase();
  for (const name in input.headers) {
    if (HOP_BY_HOP_HEADERS.has(name) || NOT_FORWARDED_UPSTREAM.has(name)) continue;
    if (named?.has(name) || name === secretName) continue;
    const value = input.headers[name];
    if (value !== undefined) out[name] = value;
  }
  out.host = input.upstreamHost;
  out["x-forwarded-for"] =
    input.forwardedFor.length === 1 ? input.forwardedFor[0]! : input.forwardedFor.join(", ");
  out["x-forwarded-host"] = input.publicHost;
  out["x-forwarded-proto"] = input.proto;
  if (secretName && input.secretValue) out[secretName] = input.secretValue;
  return out;
}

/**
 * One upstream Set-Cookie as the client may see it, or null to drop it. A `Domain` attribute
 * widens a cookie to the parent domain (where the hub may live): dropped. Host-only cookies pass;
 * for a path-style tenant (which shares the gateway's host with every other tenant) the cookie's
 * Path is put under `/<slug>`, so the browser never sends it with another tenant's requests.
 */
export function clientCookie(cookie: string, pathPrefix: string | null): string | null {
  const parts = cookie.split(";");
  let path: string | null = null;
  const kept: string[] = [parts[0]!];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf("=");
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === "domain") return null;
    if (pathPrefix !== null && name === "path") {
      path = eq === -1 ? "" : part.slice(eq + 1).trim();
      continue;
    }
    kept.push(part);
  }
  if (pathPrefix === null) return cookie;
  const inner = path?.startsWith("/") && path !== "/" ? path : "";
  return `${kept.join(";")}; Path=${pathPrefix}${inner}`;
}

/**
 * Response headers from undici (lowercase keys) minus hop-by-hop and Connection-named ones, the
 * origin-wide headers above, and cookies the tenant may not set (clientCookie). The upstream's own
 * `Access-Control-*` headers are replaced by the API's CORS headers (http/cors.ts): the gateway
 * decides CORS, and two Allow-Origin values make a browser refuse the answer. A `Vary: Origin` of
 * ours is added to the upstream's Vary, not put in its place.
 */
export function buildClientHeaders(
  upstream: Record<string, string | string[] | undefined>,
  cookiePathPrefix: string | null = null,
  cors?: Readonly<Record<string, string>>,
): Record<string, string | string[]> {
  const named = connectionNamed(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const name in upstream) {
    if (HOP_BY_HOP_HEADERS.has(name) || NOT_RETURNED_TO_CLIENT.has(name) || named?.has(name)) continue;
    if (name.charCodeAt(0) === 97 && name.startsWith("access-control-")) continue;
    const value = upstream[name];
    if (value === undefined) continue;
    if (name === "set-cookie") {
      const cookies: string[] = [];
      for (const cookie of Array.isArray(value) ? value : [value]) {
        const allowed = clientCookie(cookie, cookiePathPrefix);
        if (allowed !== null) cookies.push(allowed);
      }
      if (cookies.length > 0) out[name] = cookies;
      continue;
    }
    out[name] = value;
  }
  if (cors) {
    for (const name in cors) {
      const ours = cors[name]!;
      const theirs = name === "vary" ? out.vary : undefined;
      out[name] =
        theirs === undefined ? ours : `${Array.isArray(theirs) ? theirs.join(", ") : theirs}, ${ours}`;
    }
  }
  return out;
}
