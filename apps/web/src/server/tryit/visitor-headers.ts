/**
 * Whose request the web sends the gateway. The gateway keys its free tier and challenge caps by
 * client; every Try it call comes from this server, so without this one visitor would use up the
 * budget of all. The gateway believes `X-Tollbooth-Visitor` only together with the shared secret
 * GATEWAY_VISITOR_SECRET (the stack gives both processes the same one); see SECURITY.md.
 *
 * The visitor's address is the right-most X-Forwarded-For entry (lastForwardedHop,
 * server/forwarded-for.ts): the one the TLS proxy in front of the web app wrote. Reached
 * directly, a browser can name its own address: deploy the web app behind the proxy
 * (docker-compose.yml does).
 */
import { lastForwardedHop } from "../forwarded-for";

export const VISITOR_HEADER = "x-tollbooth-visitor";
export const VISITOR_SECRET_HEADER = "x-tollbooth-visitor-secret";

/** The visitor's address as the web server's own request headers tell it, or null. */
export function visitorAddress(incoming: Headers | null): string | null {
  const last = lastForwardedHop(incoming);
  // The gateway parses it strictly; this only keeps anything but address characters off the wire.
  return /^[0-9A-Za-z:.[\]%]{2,64}$/.test(last) ? last : null;
}

/** The two headers that tell the gateway whose request this is, or none without a secret. */
export function visitorHeaders(incoming: Headers | null, secret: string | null): Record<string, string> {
  const address = secret ? visitorAddress(incoming) : null;
  if (!secret || !address) return {};
  return { [VISITOR_HEADER]: address, [VISITOR_SECRET_HEADER]: secret };
}
