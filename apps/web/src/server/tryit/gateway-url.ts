import { AppError } from "../errors";

/**
 * The gateway URL of one tenant API request, path style. The visitor's path is appended after the
 * slug, and URL parsing resolves dot segments — including encoded ones like `/%2e%2e/` — so the
 * result is checked after parsing: it must still lie under `/<slug>/`, or a visitor could walk
 * out of the API they picked into another tenant's (unpublished) API or the gateway's own paths.
 */
export function gatewayRequestUrl(base: string, slug: string, path: string): URL {
  const root = base.replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(`${root}/${slug}${path}`);
  } catch {
    throw new AppError("bad_request", "That path is not allowed.");
  }
  const prefix = `${new URL(`${root}/`).pathname}${slug}`;
  if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
    throw new AppError("bad_request", "That path is not allowed.");
  }
  return url;
}
