/**
 * One canonical path per request: the path a route is priced by is the path the upstream gets.
 *
 * The request target is percent-decoded once; empty segments are dropped (`//x/forecast` is
 * `/x/forecast`, never a host); a trailing slash is kept (frameworks that redirect `/a` to `/a/`
 * must not loop). Refused, because some server would read them another way than we price them:
 * dot segments (`..`, `%2e%2e`), `;` path parameters (Tomcat, Jetty and Spring strip `;…` from
 * a segment, so `/free;x` or `/x/..;/paid` reach `/paid` there but not elsewhere), encoded
 * slashes, backslashes and NUL, double percent-encoding (`%252e`), broken percent-encoding,
 * control and non-ASCII characters. The upstream is sent `forwardPath`: the canonical path
 * re-encoded (RFC 3986 pchars literal, everything else percent-encoded), which a WHATWG URL
 * parser and an Express router read back as exactly the canonical path.
 *
 * A plain path (`/forecast`, letters, digits and pchars, no empty or dot segment) is its own
 * canonical and forwarded form: one scan, no allocation.
 */
export type RequestPath =
  | {
      ok: true;
      /** Decoded, canonical: what pricing matches. */
      path: string;
      /** `path` re-encoded: what the upstream is sent (before the query). */
      forwardPath: string;
      /** "" or "?…", passed on as received. */
      query: string;
    }
  | { ok: false; message: string };

const SLASH = 47;
const DOT = 46;

/**
 * Characters a plain path may carry as they are: ALPHA DIGIT - . _ ~ and the pchars
 * ! $ & ' ( ) * + , = : @. Not `;` (path parameters) and not `%` (needs decoding).
 */
const PLAIN = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@") {
  PLAIN[c.charCodeAt(0)] = 1;
}

const FORBIDDEN_ENCODED = /%(?:2f|5c|00)/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const DOUBLE_ENCODED = /%[0-9a-f]{2}/i;
const NON_PLAIN_ASCII = /[^\u0021-\u007e]/;
// encodeURIComponent escapes these pchars, which a path may carry literally.
const PCHAR_ESCAPED = /%(?:24|26|2B|2C|3D|3A|40)/g;

function refused(message: string): RequestPath {
  return { ok: false, message };
}

/** True when `rawPath` (starting with "/") needs no decoding, dropping or refusing. */
function isPlain(rawPath: string): boolean {
  let segmentStart = 1;
  const n = rawPath.length;
  for (let i = 1; i <= n; i++) {
    const c = i === n ? SLASH : rawPath.charCodeAt(i);
    if (c === SLASH) {
      const length = i - segmentStart;
      // An empty segment is dropped (not plain), except the last one: a trailing slash, or "/".
      if (length === 0 && i < n) return false;
      if (length === 1 && rawPath.charCodeAt(segmentStart) === DOT) return false;
      if (
        length === 2 &&
        rawPath.charCodeAt(segmentStart) === DOT &&
        rawPath.charCodeAt(segmentStart + 1) === DOT
      )
        return false;
      segmentStart = i + 1;
    } else if (c > 127 || PLAIN[c] === 0) {
      return false;
    }
  }
  return true;
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(PCHAR_ESCAPED, decodeURIComponent);
}

export function parseRequestPath(pathAndQuery: string): RequestPath {
  const q = pathAndQuery.indexOf("?");
  const rawPath = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q === -1 ? "" : pathAndQuery.slice(q);
  if (rawPath.charCodeAt(0) !== SLASH) return refused("The request path is not a plain absolute path.");
  if (isPlain(rawPath)) return { ok: true, path: rawPath, forwardPath: rawPath, query };

  if (rawPath.includes("\\") || rawPath.includes("#") || NON_PLAIN_ASCII.test(rawPath)) {
    return refused("The request path is not a plain absolute path.");
  }
  if (FORBIDDEN_ENCODED.test(rawPath)) {
    return refused("Encoded slashes, backslashes and NUL are not allowed in the path.");
  }
  let decoded: string;
  try {
    decoded = rawPath.includes("%") ? decodeURIComponent(rawPath) : rawPath;
  } catch {
    return refused("The request path has broken percent-encoding.");
  }
  if (CONTROL.test(decoded)) return refused("Control characters are not allowed in the path.");
  if (decoded.includes(";")) {
    return refused("Path parameters (';') are not accepted in the path; use the query string.");
  }
  if (decoded.includes("%") && DOUBLE_ENCODED.test(decoded)) {
    return refused("Double percent-encoding is not accepted in the path.");
  }
  const segments = decoded.split("/");
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === "") continue;
    if (segment === "." || segment === "..") return refused("Dot segments are not allowed in the path.");
    kept.push(segment);
  }
  const trailing = kept.length > 0 && decoded.endsWith("/") ? "/" : "";
  const path = `/${kept.join("/")}${trailing}`;
  const forwardPath = `/${kept.map(encodeSegment).join("/")}${trailing}`;
  return { ok: true, path, forwardPath, query };
}
