/**
 * The gateway's public addresses, from configuration only (GATEWAY_PUBLIC_URL and GATEWAY_DOMAIN):
 * never from the client's Host, which anyone can write — a discovery document cached publicly
 * with an attacker's host in base_url would send every later reader to the attacker.
 */
export interface PublicAddress {
  proto: "http" | "https";
  /** The path-style base without a trailing slash, e.g. `https://gw.example.com`. */
  pathBase: string;
  /** The path-style host (with port when not the scheme's default). */
  pathHost: string;
  /** `.<domain>[:port]`: a tenant's host-style host is `<slug>` + this. */
  hostSuffix: string;
}

export function publicAddress(publicUrl: string, domain: string): PublicAddress {
  const url = new URL(publicUrl);
  const proto = url.protocol === "https:" ? "https" : "http";
  return {
    proto,
    pathBase: `${url.origin}${url.pathname.replace(/\/+$/, "")}`,
    pathHost: url.host,
    hostSuffix: `.${domain}${url.port ? `:${url.port}` : ""}`,
  };
}

export function tenantPublicHost(address: PublicAddress, slug: string, style: "host" | "path"): string {
  return style === "host" ? `${slug}${address.hostSuffix}` : address.pathHost;
}

export function tenantBaseUrl(address: PublicAddress, slug: string, style: "host" | "path"): string {
  return style === "host" ? `${address.proto}://${slug}${address.hostSuffix}` : `${address.pathBase}/${slug}`;
}
