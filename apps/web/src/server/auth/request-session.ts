import { env } from "../env";
import { readSessionCookie } from "./session-token";

/**
 * Which session cookie a request carries, for the tRPC route and for server components alike.
 * Production always uses the Secure `__Host-` cookie (browsers treat http://localhost as a secure
 * context, so that works locally too); development uses it only over https.
 */
export function requestSession(
  headers: Headers,
  url?: string,
): { sessionToken: string | undefined; secure: boolean } {
  const proto = headers.get("x-forwarded-proto") ?? (url ? new URL(url).protocol.replace(":", "") : "http");
  const secure = env().isProduction || proto === "https";
  return { sessionToken: readSessionCookie(headers.get("cookie"), secure), secure };
}
