/**
 * The client address as the web app's request headers tell it: the right-most X-Forwarded-For
 * entry, the one the TLS proxy in front wrote (Caddy replaces the header; nginx appends to it),
 * or, with no proxy, the one Next sets from the socket when the request has none. Anything left
 * of it was written by the client. Each caller checks the shape it needs ("" when absent).
 */
export function lastForwardedHop(headers: Headers | null): string {
  const forwarded = headers?.get("x-forwarded-for");
  if (!forwarded) return "";
  const entries = forwarded.split(",");
  return entries[entries.length - 1]!.trim();
}
