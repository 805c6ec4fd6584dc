/**
 * The slug is a tenant API's name in both URL styles (`<slug>.gw.<domain>` and `/<slug>/…`): a DNS
 * label, lowercase `[a-z0-9-]`, 3–40 characters, starting and ending with a letter or digit, no
 * `--`, and not a name the hub uses itself. The web app lets a provider take exactly the slugs the
 * gateway serves: both read this file.
 */
export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 40;

// Names that would shadow the hub's own hosts and paths, or confuse a reader of a URL.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  ...["www", "api", "apis", "admin", "app", "apps", "gw", "gateway", "hub", "dashboard", "static"],
  ...["assets", "cdn", "mail", "smtp", "ftp", "auth", "login", "signin", "signup", "account"],
  ...["accounts", "billing", "status", "docs", "help", "support", "blog", "dev", "test", "internal"],
  ...["localhost", "metrics", "health", "healthz", "readyz", "well-known", "tollbooth", "l402", "lsat"],
]);

export type SlugCheck = { ok: true; slug: string } | { ok: false; message: string };

const SLUG_SHAPE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The verdict with a sentence for the provider (the web form and the server say the same). */
export function checkSlug(raw: string): SlugCheck {
  const slug = raw.trim();
  if (slug.length < SLUG_MIN_LENGTH || slug.length > SLUG_MAX_LENGTH) {
    return { ok: false, message: `Use ${SLUG_MIN_LENGTH} to ${SLUG_MAX_LENGTH} characters.` };
  }
  if (!/^[a-z0-9-]+$/.test(slug)) {
    return { ok: false, message: "Use only lowercase letters, digits and hyphens." };
  }
  if (!SLUG_SHAPE.test(slug)) return { ok: false, message: "Start and end with a letter or digit." };
  if (slug.includes("--")) return { ok: false, message: "Do not use two hyphens in a row." };
  if (RESERVED_SLUGS.has(slug)) return { ok: false, message: `"${slug}" is reserved. Pick another name.` };
  return { ok: true, slug };
}

/** The gateway's question on every request: is this label a slug at all (exactly as given)? */
export function isValidSlug(slug: string): boolean {
  return (
    slug.length >= SLUG_MIN_LENGTH &&
    slug.length <= SLUG_MAX_LENGTH &&
    SLUG_SHAPE.test(slug) &&
    !slug.includes("--") &&
    !RESERVED_SLUGS.has(slug)
  );
}
