import { DEFAULT_GATEWAY_DOMAIN, DEFAULT_PORTS } from "@tollbooth/contract/defaults";
import { type NextRequest, NextResponse } from "next/server";

/**
 * Host routing. The web host serves the hub, the dashboard and the JSON API. A request that
 * reaches us on a tenant subdomain (<slug>.<GATEWAY_DOMAIN>) was meant for the gateway: send it
 * there. The dashboard needs a session cookie; this is only the optimistic check — every tRPC
 * procedure checks the session and tenant ownership again on the server.
 */
const GATEWAY_DOMAIN = (process.env.GATEWAY_DOMAIN ?? DEFAULT_GATEWAY_DOMAIN).toLowerCase();
const GATEWAY_PORT = process.env.GATEWAY_PORT ?? String(DEFAULT_PORTS.gateway);

export function proxy(req: NextRequest) {
  const host = (req.headers.get("host") ?? "").toLowerCase().replace(/:\d+$/, "");
  if (host.endsWith(`.${GATEWAY_DOMAIN}`)) {
    const url = new URL(req.nextUrl.pathname + req.nextUrl.search, `http://${host}:${GATEWAY_PORT}`);
    return NextResponse.redirect(url, 307);
  }
  const { pathname } = req.nextUrl;
  if (pathname.startsWith("/dashboard") && !req.cookies.get("tb_session")?.value) {
    const signIn = new URL("/signin", req.url);
    signIn.searchParams.set("next", pathname);
    return NextResponse.redirect(signIn);
  }
  const headers = new Headers(req.headers);
  headers.set("x-pathname", pathname);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
