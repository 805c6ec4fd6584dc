import { validateUpstreamUrl } from "@tollbooth/upstream-guard";
import { AppError } from "../errors";

/**
 * Refuses upstream URLs that would let a tenant make the gateway call into our own network
 * (SSRF). Only http(s), no credentials in the URL, and — unless private upstreams are allowed
 * (development and the demo) — no loopback, private, link-local or metadata address.
 * The gateway checks again when it connects (DNS can change); this is the check at registration.
 */
export async function checkUpstreamUrl(raw: string, opts: { allowPrivate: boolean }): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("bad_request", "The upstream URL is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("bad_request", "The upstream URL must start with http:// or https://.");
  }
  if (url.username || url.password) {
    throw new AppError("bad_request", "Put the upstream's secret in the secret header, not in the URL.");
  }
  if (url.search || url.hash) {
    throw new AppError("bad_request", "The upstream base URL cannot have a query string or fragment.");
  }
  const verdict = await validateUpstreamUrl(url.toString(), { allowPrivate: opts.allowPrivate });
  if (!verdict.ok) throw new AppError("bad_request", verdict.message);
  return url.toString().replace(/\/+$/, "");
}
