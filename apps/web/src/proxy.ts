import { DEFAULT_GATEWAY_DOMAIN, DEFAULT_PORTS } from "@tollbooth/contract/defaults";
import { type NextRequest, NextResponse } from "next/server";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/server/auth/session-token";
import { applySecurityHeaders, contentSecurityPolicy, newNonce } from "@/server/security-headers";

/**
 * Host routing. The web host serves the hub, the dashboard and the JSON API. A request that
 * reaches us on a tenant subdomain (<slug>.<GATEWAY_DOMAIN>) was meant for the gateway: send it
 * there. The dashboard needs a session cookie; this is only the optimistic check — every tRPC
 * procedure checks the session and tenant ownership again on the server. Every answer carries the
 * security headers (CSP with a fresh nonce, no framing): see server/security-headers.ts.
 */
const GATEWAY_DOMAIN = (process.env.GATEWAY_DOMAIN ?? DEFAULT_GATEWAY_DOMAIN).toLowerCase();
const GATEWAY_PORT = process.env.GATEWAY_PORT ?? String(DEFAULT_PORTS.gateway);

export function proxy(req: NextRequest) {
  const host = (req.headers.get("host") ?? "").toLowerCase().replace(/:\d+$/, "");
  if (host.endsWith(`.${GATEWAY_DOMAIN}`)) {
    const url = new URL(req.nextUrl.pathname + req.nextUrl.search, `http://${host}:${GATEWAY_PORT}`);
    return NextResponse.redirect(url, 307);
  }
  const csp = contentSecurityPolicy(newNonce());
  const { pathname } = req.nextUrl;
  const hasSession = req.cookies.get(SESSION_COOKIE)?.value || req.cookies.get(SECURE_SESSION_COOKIE)?.value;
  if (pathname.startsWith("/dashboard") && !hasSession) {
    const signIn = new URL("/signin", req.url);
    signIn.searchParams.set("next", pathname);
    const res = NextResponse.redirect(signIn);
    applySecurityHeaders(res.headers, csp);
    return res;
  }
  const headers = new Headers(req.headers);
  headers.set("x-pathname", pathname);
  // Next takes the nonce for its own <script> tags from the request's CSP header.
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  applySecurityHeaders(res.headers, csp);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
