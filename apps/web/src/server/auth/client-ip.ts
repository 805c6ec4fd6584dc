import { lastForwardedHop } from "../forwarded-for";

/**
 * The client address the sign-in throttle keys on: the last X-Forwarded-For hop
 * (lastForwardedHop). Next fills that header from the socket only when the request has none, so
 * without a proxy in front a client can choose its own value — the per-account key does not depend on it, only the per-address one
 * does. Behind a reverse proxy that appends the address it saw (nginx `$proxy_add_x_forwarded_for`)
 * or overwrites the header, the last hop is the real client.
 */
export function clientIp(req: Request): string {
  const last = lastForwardedHop(req.headers);
  return /^[0-9a-fA-F.:]{2,45}$/.test(last) ? last : "unknown";
}
