/** The two equivalent addresses of a tenant API on the gateway (see docs/contract.md). */
export interface GatewayAddressConfig {
  domain: string;
  port: number;
  publicUrl: string;
}

export interface GatewayUrls {
  /** http://<slug>.<domain>:<port>/ — the Host header picks the tenant. */
  subdomain: string;
  /** <publicUrl>/<slug>/ — works with any Host, and from Node clients. */
  path: string;
}

export function gatewayUrlsFor(slug: string, cfg: GatewayAddressConfig): GatewayUrls {
  const port = cfg.port === 80 ? "" : `:${cfg.port}`;
  return {
    subdomain: `http://${slug}.${cfg.domain}${port}/`,
    path: `${cfg.publicUrl.replace(/\/+$/, "")}/${slug}/`,
  };
}
