/** Slug rules of CONTRACT.md: lowercase [a-z0-9-], 3–40 chars, not reserved. */
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

// Names that would collide with the hub's own hosts and paths, or confuse a reader of a URL.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "www",
  "api",
  "app",
  "admin",
  "gateway",
  "gw",
  "hub",
  "docs",
  "status",
  "static",
  "assets",
  "metrics",
  "health",
  "healthz",
  "readyz",
  "login",
  "signup",
  "dashboard",
  "tollbooth",
  "well-known",
  "localhost",
  "mail",
  "support",
]);

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}
