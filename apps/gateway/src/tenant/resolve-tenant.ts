/**
 * Which tenant API a request is for, and the path it asks of that API. Two styles, same behaviour
 * (docs/contract.md): virtual host `<slug>.<domain>` (the Host header, or X-Forwarded-Host when the
 * socket peer is a trusted proxy) and path style `/<slug>/<path>` on any other host.
 */
import { isValidSlug } from "@tollbooth/contract";

export interface TenantTarget {
  slug: string;
  style: "host" | "path";
  /** The path and query the tenant API is asked for; always starts with "/". */
  pathAndQuery: string;
  /** The request's own prefix before pathAndQuery ("" or "/<slug>"), for building absolute links. */
  prefix: string;
}

export interface TenantRequestHead {
  host: string | undefined;
  forwardedHost: string | string[] | undefined;
  url: string;
}

function hostname(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(0, value.indexOf("]") + 1);
  const colon = value.indexOf(":");
  const name = colon === -1 ? value : value.slice(0, colon);
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

// One host name with an optional port, or one bracketed IPv6 literal with an optional port.
const ONE_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Whether an X-Forwarded-Host value names exactly one host. A list (or repeated headers, which
 * Node joins with ", ") is ambiguous: the left part was written by the client, so it is refused
 * rather than guessed at.
 */
export function isSingleHost(value: string | string[] | undefined): value is string {
  return typeof value === "string" && ONE_HOST.test(value.trim());
}

/**
 * The host the request asked for. `peerTrusted`: the socket peer is a trusted proxy, so its
 * X-Forwarded-Host is believed — only a single unambiguous value (else no host at all).
 */
export function effectiveHost(head: TenantRequestHead, peerTrusted: boolean): string {
  if (peerTrusted && head.forwardedHost !== undefined) {
    return isSingleHost(head.forwardedHost) ? hostname(head.forwardedHost) : "";
  }
  return head.host ? hostname(head.host) : "";
}

export function resolveTenant(
  head: TenantRequestHead,
  domain: string,
  peerTrusted: boolean,
): TenantTarget | null {
  const url = head.url;
  if (!url.startsWith("/")) return null;
  if (peerTrusted && head.forwardedHost !== undefined && !isSingleHost(head.forwardedHost)) return null;
  const host = effectiveHost(head, peerTrusted);
  const suffix = `.${domain}`;
  if (host.endsWith(suffix)) {
    const label = host.slice(0, -suffix.length);
    if (isValidSlug(label)) return { slug: label, style: "host", pathAndQuery: url, prefix: "" };
    return null;
  }
  const end = url.slice(1).search(/[/?]/);
  const slug = end === -1 ? url.slice(1) : url.slice(1, end + 1);
  if (!isValidSlug(slug)) return null;
  const rest = end === -1 ? "" : url.slice(end + 1);
  const pathAndQuery = rest === "" ? "/" : rest.startsWith("?") ? `/${rest}` : rest;
  return { slug, style: "path", pathAndQuery, prefix: `/${slug}` };
}
