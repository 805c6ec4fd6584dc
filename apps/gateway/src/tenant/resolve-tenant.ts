/**
 * Which tenant API a request is for, and the path it asks of that API. Two styles, same behaviour
 * (docs/contract.md): virtual host `<slug>.<domain>` (the Host header, or X-Forwarded-Host behind a
 * trusted proxy) and path style `/<slug>/<path>` on any other host.
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

export function effectiveHost(head: TenantRequestHead, trustProxy: boolean): string {
  if (trustProxy && head.forwardedHost) {
    const raw = Array.isArray(head.forwardedHost) ? head.forwardedHost[0] : head.forwardedHost;
    const first = raw?.split(",")[0];
    if (first) return hostname(first);
  }
  return head.host ? hostname(head.host) : "";
}

export function resolveTenant(
  head: TenantRequestHead,
  domain: string,
  trustProxy: boolean,
): TenantTarget | null {
  const url = head.url;
  if (!url.startsWith("/")) return null;
  const host = effectiveHost(head, trustProxy);
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
