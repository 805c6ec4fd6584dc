/**
 * A browser origin as an API's allowed-origins setting takes it: `scheme://host[:port]`, http
 * or https, lower case, no path, no default port — the way browsers serialise the Origin
 * header, so a listed origin can match. The web app refuses an entry that fails it; the gateway
 * skips one (apps/gateway/src/http/cors.ts).
 */
const ORIGIN_SHAPE = /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;

/** How many origins one API may list. */
export const MAX_ALLOWED_ORIGINS = 20;

/** How a provider's entry is compared: surrounding space dropped, lower case. */
export function normaliseOrigin(value: string): string {
  return value.trim().toLowerCase();
}

export function isValidOrigin(origin: string): boolean {
  if (!ORIGIN_SHAPE.test(origin)) return false;
  try {
    // A default port is never sent by browsers ("https://a:443" would never match).
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}
