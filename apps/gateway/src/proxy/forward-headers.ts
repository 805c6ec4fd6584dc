/**
 * Headers across the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) and every header named in
 * Connection belong to one connection, not the message, so they never cross. The client's
 * Authorization carries its L402 credential — it is for us, never for the upstream. The provider's
 * secret replaces any value the client sent under the same name, so a client cannot smuggle its
 * own key or make the upstream see two.
 */
import type { IncomingHttpHeaders } from "node:http";

const HOP_BY_HOP = new Set([
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

// Never forwarded upstream: our credential, the Host (the upstream gets its own), an Expect that
// undici cannot honour (Node answered 100-continue already), and client-supplied forwarding claims.
const NOT_FORWARDED_UPSTREAM = new Set([
  "authorization",
  "host",
  "expect",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
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
  clientIp: string;
  /** The public host the client used, for X-Forwarded-Host. */
  publicHost: string;
  proto: "http" | "https";
  /** Earlier X-Forwarded-For hops, only when the previous proxy is trusted. */
  priorForwardedFor?: string;
  secretHeader?: string | null;
  secretValue?: string | null;
  upstreamHost: string;
}

export function buildUpstreamHeaders(input: UpstreamHeaderInput): Record<string, string | string[]> {
  const named = connectionNamed(input.headers.connection);
  const out: Record<string, string | string[]> = {};
  const secretName = input.secretHeader?.toLowerCase();
  for (const name in input.headers) {
    if (HOP_BY_HOP.has(name) || NOT_FORWARDED_UPSTREAM.has(name)) continue;
    if (named?.has(name) || name === secretName) continue;
    const value = input.headers[name];
    if (value !== undefined) out[name] = value;
  }
  out.host = input.upstreamHost;
  out["x-forwarded-for"] = input.priorForwardedFor
    ? `${input.priorForwardedFor}, ${input.clientIp}`
    : input.clientIp;
  out["x-forwarded-host"] = input.publicHost;
  out["x-forwarded-proto"] = input.proto;
  if (secretName && input.secretValue) out[secretName] = input.secretValue;
  return out;
}

/**
 * Response headers from undici (lowercase keys) minus hop-by-hop and Connection-named ones. The
 * upstream's own `Access-Control-*` headers are replaced by the API's CORS headers (http/cors.ts):
 * the gateway decides CORS, and two Allow-Origin values make a browser refuse the answer. A
 * `Vary: Origin` of ours is added to the upstream's Vary, not put in its place.
 */
export function buildClientHeaders(
  upstream: Record<string, string | string[] | undefined>,
  cors?: Readonly<Record<string, string>>,
): Record<string, string | string[]> {
  const named = connectionNamed(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const name in upstream) {
    if (HOP_BY_HOP.has(name) || named?.has(name)) continue;
    if (name.charCodeAt(0) === 97 && name.startsWith("access-control-")) continue;
    const value = upstream[name];
    if (value !== undefined) out[name] = value;
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
