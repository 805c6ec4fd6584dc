/**
 * A browser origin as the gateway's CORS setting takes it: `scheme://host[:port]`, http or
 * https, lower case, no path, no default port — the way browsers serialise the Origin header,
 * so a listed origin can match. Mirrors isValidOrigin in apps/gateway/src/http/cors.ts (the
 * gateway skips an entry that fails it).
 */
const ORIGIN_SHAPE = /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;

export const MAX_ALLOWED_ORIGINS = 20;

export function normaliseOrigin(value: string): string {
  return value.trim().toLowerCase();
}

export function isValidOrigin(origin: string): boolean {
  if (!ORIGIN_SHAPE.test(origin)) return false;
  try {
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}
