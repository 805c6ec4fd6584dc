/**
 * CORS, so a browser can buy: the gateway, not the upstream, decides it, per API.
 *
 * - Allowed origins: none configured = any origin, answered `Access-Control-Allow-Origin: *`
 *   on every response (so a shared cache never serves a browser a copy without it). With a list,
 *   a listed Origin is echoed with `Vary: Origin`; a request whose Origin is not listed is
 *   refused 403 `origin_not_allowed` before it is priced (no invoice, nothing forwarded).
 *   Requests without Origin (agents, curl) are never refused for it.
 * - No credentials mode: `Access-Control-Allow-Credentials` is never sent. An L402 credential
 *   is an Authorization header the page sets itself, which needs no credentials mode; allowing
 *   it would let pages send the upstream's cookies through the gateway.
 * - Exposed: `WWW-Authenticate` (the challenge), `Retry-After`, and `*` (every other header of
 *   a paid answer; the wildcard holds because credentials are never allowed).
 * - The upstream's own `Access-Control-*` headers are dropped (proxy/forward-headers.ts): they
 *   were written for the upstream's origin, and a second Allow-Origin makes browsers fail.
 * - Preflights are answered by http/preflight.ts.
 */
import type { ServerResponse } from "node:http";
import { isValidOrigin, normaliseOrigin } from "@tollbooth/contract";

export interface CorsPolicy {
  /** No origins configured: any origin, `*`. */
  anyOrigin: boolean;
  /** Listed origins (`scheme://host[:port]`, lower case) → the headers a response to it carries. */
  origins: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export const CORS_EXPOSE_HEADERS = "WWW-Authenticate, Retry-After, *";

const ANY_ORIGIN: Readonly<Record<string, string>> = Object.freeze({
  "access-control-allow-origin": "*",
  "access-control-expose-headers": CORS_EXPOSE_HEADERS,
});
/** A listed-origin API's answer to a request without Origin: it still varies by Origin. */
const VARY_ONLY: Readonly<Record<string, string>> = Object.freeze({ vary: "Origin" });

export const ANY_ORIGIN_POLICY: CorsPolicy = { anyOrigin: true, origins: new Map() };

/** Built once per config load. Invalid entries are skipped (the dashboard refuses them). */
export function corsPolicy(allowedOrigins: readonly string[] | null | undefined): CorsPolicy {
  const origins = new Map<string, Readonly<Record<string, string>>>();
  for (const raw of allowedOrigins ?? []) {
    const origin = normaliseOrigin(raw);
    if (!isValidOrigin(origin)) continue;
    origins.set(
      origin,
      Object.freeze({
        "access-control-allow-origin": origin,
        "access-control-expose-headers": CORS_EXPOSE_HEADERS,
        vary: "Origin",
      }),
    );
  }
  const configured = (allowedOrigins ?? []).some((o) => normaliseOrigin(o) !== "");
  return { anyOrigin: !configured, origins };
}

/**
 * The CORS headers every response to this request carries, or null when its Origin is not
 * allowed. Constant objects: nothing is allocated per request.
 */
export function corsHeadersFor(
  policy: CorsPolicy,
  origin: string | undefined,
): Readonly<Record<string, string>> | null {
  if (policy.anyOrigin) return ANY_ORIGIN;
  if (origin === undefined) return VARY_ONLY;
  return policy.origins.get(origin) ?? policy.origins.get(origin.toLowerCase()) ?? null;
}

const CORS_HEADERS = Symbol("tollbooth.cors");
type CorsCarrier = ServerResponse & { [CORS_HEADERS]?: Readonly<Record<string, string>> };

/** Every JSON answer the gateway writes for this response (sendJson) will carry these. */
export function attachCors(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  (res as CorsCarrier)[CORS_HEADERS] = headers;
}

export function attachedCors(res: ServerResponse): Readonly<Record<string, string>> | undefined {
  return (res as CorsCarrier)[CORS_HEADERS];
}
