/**
 * The slug rules (grammar, reserved words) live in @tollbooth/contract, shared with the gateway so a
 * slug the web lets a provider take is one the gateway serves. This file only suggests a slug.
 */
export { checkSlug, RESERVED_SLUGS, type SlugCheck } from "@tollbooth/contract";

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
