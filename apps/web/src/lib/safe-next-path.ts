/**
 * Where to go after signing in, from the `?next=` parameter: only a path on this site. Browsers
 * read `/\evil.com` and `/%5Cevil.com`-decoded forms as `//evil.com`, so a "starts with / but not
 * //" test is not enough; the value is resolved as a URL and must stay on our own origin.
 */
const HERE = "http://tollbooth.invalid";

export function safeNextPath(next: string | null | undefined, fallback = "/dashboard"): string {
  if (!next?.startsWith("/") || next.includes("\\")) return fallback;
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
