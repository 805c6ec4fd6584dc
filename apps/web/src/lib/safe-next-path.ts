/**
 * Where to go after signing in, from the `?next=` parameter: only a path on this site.
 *
 * The value is resolved with the WHATWG URL parser (what the browser will do) and must stay on our
 * origin — but that alone is not enough: `/.//evil.example` resolves on-site to the *path*
 * `//evil.example`, which the browser then reads as a protocol-relative URL to another host. So
 * the path that comes out is checked too: it must start with exactly one `/`, and it is returned
 * in the parser's own serialisation (whitespace and control characters are percent-encoded or
 * gone), so navigating to it cannot be read any other way.
 */
const HERE = "http://tollbooth.invalid";

function resolveOnSite(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return null;
  }
  if (url.origin !== HERE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `//host` and `/\host` are other hosts to a browser; a path here has one leading slash.
  if (!/^\/(?![/\\])/.test(path) || /[\s\\]/.test(path)) return null;
  return path;
}

export function safeNextPath(next: string | null | undefined, fallback = "/dashboard"): string {
  if (!next?.startsWith("/") || next.includes("\\")) return fallback;
  const path = resolveOnSite(next);
  // Resolving the result once more must give the result: a value the parser would still change
  // (a second decoding, a dot segment it produced) is refused rather than guessed at.
  if (path === null || resolveOnSite(path) !== path) return fallback;
  return path;
}
