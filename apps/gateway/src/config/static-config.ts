import type { ConfigSource } from "./config-source";
import type { GatewayConfig, TenantApi } from "./tenant-config";

/** A fixed config (tests, the bench, single-file setups): replace() swaps it whole. */
export class StaticConfig implements ConfigSource {
  private config: GatewayConfig;

  constructor(apis: TenantApi[] = []) {
    this.config = {
      apis: new Map(apis.map((a) => [a.slug, a])),
      connections: new Map(),
      reservations: new Map(),
      fingerprint: "static",
      loadedAt: Date.now(),
    };
  }

  current(): GatewayConfig {
    return this.config;
  }

  replace(config: GatewayConfig): void {
    this.config = config;
  }
}
