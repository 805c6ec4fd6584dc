/**
 * Keeps the gateway's config in memory and current: a reload within a second of any change to
 * apis / pricing_rules / node connections, on every instance. Two paths, either enough alone:
 * LISTEN tollbooth_config (the migration's trigger NOTIFYs), and a poll of the
 * tollbooth_config_version sequence (the trigger bumps it) for servers that do not deliver NOTIFY,
 * such as the embedded PGlite. While Postgres is away the last good config keeps serving.
 */
import type { createPgPool } from "@tollbooth/db";
import type { Logger } from "../ops/logger";
import { LISTEN_CONFIG, SELECT_CONFIG_VERSION, UNLISTEN_CONFIG } from "../store/config-queries";
import type { ConfigSource } from "./config-source";
import { type LoadConfigOptions, loadConfig } from "./load-config";
import { emptyConfig, type GatewayConfig } from "./tenant-config";

type PgPool = ReturnType<typeof createPgPool>;
type PgClient = import("pg").PoolClient;

export interface ConfigStoreOptions extends LoadConfigOptions {
  pool: PgPool;
  logger: Logger;
  pollIntervalMs?: number;
  /** Full reload regardless of signals, as a last safety net. */
  refreshIntervalMs?: number;
  onChange?: (config: GatewayConfig, previous: GatewayConfig) => void;
}

export class ConfigStore implements ConfigSource {
  private config: GatewayConfig = emptyConfig();
  private loaded = false;
  private version: string | null = null;
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;
  private listener: PgClient | null = null;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(private readonly options: ConfigStoreOptions) {}

  current(): GatewayConfig {
    return this.config;
  }

  get ready(): boolean {
    return this.loaded;
  }

  /** Loads once (throws if Postgres is unreachable), then follows changes. */
  async start(): Promise<void> {
    await this.reloadNow();
    void this.listen();
    const poll = setInterval(() => void this.poll(), this.options.pollIntervalMs ?? 250);
    const refresh = setInterval(() => this.reload(), this.options.refreshIntervalMs ?? 30_000);
    poll.unref();
    refresh.unref();
    this.timers.push(poll, refresh);
  }

  /** Coalesced reload: concurrent triggers cause at most one extra load after the running one. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.reloadNow()
      .catch((err: unknown) =>
        this.options.logger.warn({ err: String(err) }, "config reload failed; serving the last good config"),
      )
      .finally(() => {
        this.reloading = null;
        if (this.reloadAgain && !this.stopped) {
          this.reloadAgain = false;
          void this.reload();
        }
      });
    return this.reloading;
  }

  private async reloadNow(): Promise<void> {
    const version = await this.readVersion();
    const next = await loadConfig(this.options.pool, this.options);
    this.version = version;
    this.loaded = true;
    if (next.fingerprint === this.config.fingerprint) return;
    const previous = this.config;
    this.config = next;
    this.options.onChange?.(next, previous);
  }

  private async readVersion(): Promise<string> {
    const result = await this.options.pool.query<{ v: string }>(SELECT_CONFIG_VERSION);
    return result.rows[0]?.v ?? "0";
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.reloading) return;
    try {
      const version = await this.readVersion();
      if (version !== this.version) await this.reload();
    } catch {
      // Postgres away: keep serving; the next poll tries again.
    }
  }

  private async listen(): Promise<void> {
    while (!this.stopped && !this.listener) {
      try {
        const client = await this.options.pool.connect();
        client.on("notification", () => void this.reload());
        client.on("error", () => {
          client.release(true);
          if (this.listener === client) this.listener = null;
          if (!this.stopped) setTimeout(() => void this.listen(), 1_000).unref();
        });
        await client.query(LISTEN_CONFIG);
        if (this.stopped) {
          // stop() ran while we were connecting: nobody will release this client but us.
          client.release(true);
          return;
        }
        this.listener = client;
        // A change between the load and LISTEN would be missed by the listener; the poll covers it.
      } catch {
        await new Promise((r) => setTimeout(r, 1_000).unref());
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    const listener = this.listener;
    this.listener = null;
    if (listener) {
      await listener.query(UNLISTEN_CONFIG).catch(() => {});
      listener.release();
    }
    await this.reloading;
  }
}
