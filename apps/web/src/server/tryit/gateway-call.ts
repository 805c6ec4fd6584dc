import { ChallengeBody } from "@tollbooth/contract";
import { inspectToken, parseChallenge, type RouteScope, readScope, tokenFacts } from "@tollbooth/l402-core";
import { headers as requestHeaders } from "next/headers";
import { env } from "../env";
import { gatewayRequestUrl } from "./gateway-url";
import { visitorHeaders } from "./visitor-headers";

export interface GatewayChallenge {
  invoice: string;
  macaroon: string;
  amountSats: number | null;
  paymentHash: string | null;
  description: string | null;
  expires: string | null;
  calls: number | null;
  /**
   * The route the token of this challenge buys: the gateway's `scope` when it sends one, else
   * the published API's pricing rule that matches (filled in by withRouteScope).
   */
  scope: RouteScope | null;
  /** From the challenge's token: when it expires (unix s) and how many calls it grants (null = a time pass). */
  validUntil: number | null;
  grantedCalls: number | null;
}

export interface GatewayResult {
  status: number;
  ms: number;
  contentType: string | null;
  /** The response body as text, cut at 32 KiB. */
  body: string;
  truncated: boolean;
  /** the `error` code of a JSON error body (`token_exhausted`, `token_expired`, …) */
  errorCode: string | null;
  challenge: GatewayChallenge | null;
}

const MAX_BODY = 32 * 1024;

/** One request to a tenant API through the gateway, path style, as a builder would send it. */
export async function callGateway(
  slug: string,
  req: { method: string; path: string; body?: string; authorization?: string },
): Promise<GatewayResult> {
  const url = gatewayRequestUrl(env().GATEWAY_INTERNAL_URL, slug, req.path);
  const headers: Record<string, string> = {
    accept: "application/json",
    ...visitorHeaders(await incomingHeaders(), env().GATEWAY_VISITOR_SECRET ?? null),
  };
  if (req.authorization) headers.authorization = req.authorization;
  if (req.body) headers["content-type"] = "application/json";
  const started = performance.now();
  const res = await fetch(url, {
    method: req.method,
    headers,
    body: req.body && req.method !== "GET" && req.method !== "HEAD" ? req.body : undefined,
    redirect: "manual",
    cache: "no-store",
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  const ms = Math.round(performance.now() - started);
  return {
    status: res.status,
    ms,
    contentType: res.headers.get("content-type"),
    body: text.slice(0, MAX_BODY),
    truncated: text.length > MAX_BODY,
    errorCode: res.status >= 400 ? readErrorCode(text) : null,
    challenge: res.status === 402 ? readChallenge(text, res.headers.get("www-authenticate")) : null,
  };
}

/** The headers of the request this server is answering; null outside one (scripts, tests). */
async function incomingHeaders(): Promise<Headers | null> {
  try {
    return new Headers(await requestHeaders());
  } catch {
    return null;
  }
}

/** The gateway's 402 body (the contract's schema), or else the standard header alone. */
export function readChallenge(body: string, wwwAuthenticate: string | null): GatewayChallenge | null {
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    // The JSON body is a convenience; the header is the standard.
  }
  const parsed = ChallengeBody.safeParse(json);
  const c = parsed.success ? parsed.data : null;
  const header = c || !wwwAuthenticate ? null : parseChallenge(wwwAuthenticate);
  const invoice = c?.invoice ?? (header?.ok ? header.invoice : null);
  const macaroon = c?.macaroon ?? (header?.ok ? header.macaroon : null);
  if (!invoice || !macaroon) return null;
  const facts = tokenFacts(macaroon);
  // The payment hash is also the token's: a challenge with the header alone still gets one, so
  // the page can check a pasted preimage against it (the token's identifier names it).
  const inspected = inspectToken(macaroon);
  return {
    invoice,
    macaroon,
    amountSats: c?.amount_sats ?? null,
    paymentHash: c?.payment_hash ?? (inspected.ok ? inspected.paymentHash : null),
    description: c?.description ?? null,
    expires: c?.expires ?? null,
    calls: c?.calls ?? null,
    scope: readScope(c?.scope) ?? null,
    validUntil: facts?.validUntil ?? null,
    grantedCalls: facts?.calls ?? null,
  };
}

function readErrorCode(body: string): string | null {
  try {
    const code = (JSON.parse(body) as { error?: unknown } | null)?.error;
    return typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}
