/**
 * The path a route is priced by must be the path the upstream serves. Anything a server could
 * read two ways — dot segments, encoded slashes or backslashes, NUL, broken percent-encoding — is
 * refused, so "/free/../paid" can never be bought at the free price.
 */
export type RequestPath =
  | { ok: true; path: string; rawPath: string; query: string }
  | { ok: false; message: string };

const FORBIDDEN_ENCODED = /%(?:2f|5c|00)/i;

export function parseRequestPath(pathAndQuery: string): RequestPath {
  const q = pathAndQuery.indexOf("?");
  const rawPath = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q === -1 ? "" : pathAndQuery.slice(q);
  if (!rawPath.startsWith("/") || rawPath.includes("\\") || rawPath.includes("#")) {
    return { ok: false, message: "The request path is not a plain absolute path." };
  }
  if (FORBIDDEN_ENCODED.test(rawPath)) {
    return { ok: false, message: "Encoded slashes, backslashes and NUL are not allowed in the path." };
  }
  let path: string;
  try {
    path = rawPath.includes("%") ? decodeURIComponent(rawPath) : rawPath;
  } catch {
    return { ok: false, message: "The request path has broken percent-encoding." };
  }
  for (const segment of path.split("/")) {
    if (segment === "." || segment === "..") {
      return { ok: false, message: "Dot segments are not allowed in the path." };
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    return { ok: false, message: "Control characters are not allowed in the path." };
  }
  return { ok: true, path, rawPath, query };
}
