import type { GatewayConfig } from "./tenant-config";

/** Anything that holds the current config: the Postgres-backed store, or a fixed one in tests. */
export interface ConfigSource {
  current(): GatewayConfig;
}
