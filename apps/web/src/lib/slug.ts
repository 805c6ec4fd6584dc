/**
 * Slug rules shared by the browser form and the server: the slug is the tenant API's subdomain
 * on the gateway, so it must be a valid DNS label and must not shadow a host we use ourselves.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "www",
  "api",
  "apis",
  "admin",
  "app",
  "apps",
  "gw",
  "gateway",
  "hub",
  "dashboard",
  "static",
  "assets",
  "cdn",
  "mail",
  "smtp",
  "ftp",
  "auth",
  "login",
  "signin",
  "signup",
  "account",
  "accounts",
  "billing",
  "status",
  "docs",
  "help",
  "support",
  "blog",
  "dev",
  "test",
  "internal",
  "localhost",
  "metrics",
  "healthz",
  "readyz",
  "well-known",
  "tollbooth",
  "l402",
  "lsat",
]);

export type SlugCheck = { ok: true; slug: string } | { ok: false; message: string };

const SLUG_SHAPE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function checkSlug(raw: string): SlugCheck {
  const slug = raw.trim();
  if (slug.length < 3 || slug.length > 40) return { ok: false, message: "Use 3 to 40 characters." };
  if (!/^[a-z0-9-]+$/.test(slug)) {
    return { ok: false, message: "Use only lowercase letters, digits and hyphens." };
  }
  if (!SLUG_SHAPE.test(slug)) return { ok: false, message: "Start and end with a letter or digit." };
  if (slug.includes("--")) return { ok: false, message: "Do not use two hyphens in a row." };
  if (RESERVED_SLUGS.has(slug)) return { ok: false, message: `"${slug}" is reserved. Pick another name.` };
  return { ok: true, slug };
}

/** A suggestion from a display name: "Weather API" → "weather-api". */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}
