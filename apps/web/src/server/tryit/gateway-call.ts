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

function readChallenge(body: string, wwwAuthenticate: string | null): GatewayChallenge | null {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    // The JSON body is a convenience; the header is the standard.
  }
  const header = wwwAuthenticate ?? "";
  const fromHeader = (key: string) => new RegExp(`${key}="([^"]+)"`).exec(header)?.[1] ?? null;
  const invoice = str(json.invoice) ?? fromHeader("invoice");
  const macaroon = str(json.macaroon) ?? fromHeader("macaroon");
  if (!invoice || !macaroon) return null;
  return {
    invoice,
    macaroon,
    amountSats: num(json.amount_sats),
    paymentHash: str(json.payment_hash),
    description: str(json.description),
    expires:
      typeof json.expires === "number" ? new Date(json.expires * 1000).toISOString() : str(json.expires),
    calls: num(json.calls),
  };
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
