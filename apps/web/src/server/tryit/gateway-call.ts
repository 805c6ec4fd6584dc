import { ChallengeBody } from "@tollbooth/contract";
import { parseChallenge } from "@tollbooth/l402-core";
import { env } from "../env";
import { gatewayRequestUrl } from "./gateway-url";

export interface GatewayChallenge {
  invoice: string;
  macaroon: string;
  amountSats: number | null;
  paymentHash: string | null;
  description: string | null;
  expires: string | null;
  calls: number | null;
}

export interface GatewayResult {
  status: number;
  ms: number;
  contentType: string | null;
  /** The response body as text, cut at 32 KiB. */
  body: string;
  truncated: boolean;
  challenge: GatewayChallenge | null;
}

const MAX_BODY = 32 * 1024;

/** One request to a tenant API through the gateway, path style, as a builder would send it. */
export async function callGateway(
  slug: string,
  req: { method: string; path: string; body?: string; authorization?: string },
): Promise<GatewayResult> {
  const url = gatewayRequestUrl(env().GATEWAY_INTERNAL_URL, slug, req.path);
  const headers: Record<string, string> = { accept: "application/json" };
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
    challenge: res.status === 402 ? readChallenge(text, res.headers.get("www-authenticate")) : null,
  };
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
  if (parsed.success) {
    const c = parsed.data;
    return {
      invoice: c.invoice,
      macaroon: c.macaroon,
      amountSats: c.amount_sats,
      paymentHash: c.payment_hash,
      description: c.description,
      expires: c.expires,
      calls: c.calls,
    };
  }
  const header = wwwAuthenticate ? parseChallenge(wwwAuthenticate) : null;
  if (!header?.ok) return null;
  return {
    invoice: header.invoice,
    macaroon: header.macaroon,
    amountSats: null,
    paymentHash: null,
    description: null,
    expires: null,
    calls: null,
  };
}
