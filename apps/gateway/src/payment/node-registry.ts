/**
 * One NodeGate (backend + bounds + breaker) and one settlement subscription per Lightning
 * connection in the config, kept in step with config reloads. Settlements mark challenges settled
 * in Postgres and in memory, and move the connection's settle index so a restart resumes there.
 */
import type { LightningBackend, SettlementSubscription } from "@tollbooth/lightning";
import type { GatewayConfig, NodeConnectionConfig } from "../config/tenant-config";
import type { Logger } from "../ops/logger";
import type { GatewayMetrics } from "../ops/metrics";
import type { ChallengeStore } from "../store/challenge-store";
import { NodeGate, type NodeGateOptions } from "./node-gate";

export type BackendFactory = (connection: NodeConnectionConfig) => LightningBackend;

interface Entry {
  dialKey: string;
  gate: NodeGate;
  subscription: SettlementSubscription | null;
}

/** Token ids whose invoice is known settled. Bounded: forgetting only costs a database read. */
export class SettledTokens {
  private readonly ids = new Set<string>();
  constructor(private readonly max = 500_000) {}
  has(tokenId: string): boolean {
    return this.ids.has(tokenId);
  }
  add(tokenId: string): void {
    if (this.ids.size >= this.max) this.ids.clear();
    this.ids.add(tokenId);
  }
}

export interface NodeRegistryOptions {
  factory: BackendFactory;
  gate: NodeGateOptions;
  store: ChallengeStore;
  settled: SettledTokens;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Follow each node's settlement stream (off in processes that only issue challenges). */
  followSettlements: boolean;
}

export class NodeRegistry {
  private readonly entries = new Map<string, Entry>();
  private slugByApiId = new Map<string, string>();

  constructor(private readonly options: NodeRegistryOptions) {}

  gate(connectionId: string): NodeGate | undefined {
    return this.entries.get(connectionId)?.gate;
  }

  sync(config: GatewayConfig): void {
    this.slugByApiId = new Map([...config.apis.values()].map((a) => [a.id, a.slug]));
    for (const [id, connection] of config.connections) {
      const dialKey = `${connection.socket}|${connection.tlsCert ?? ""}|${connection.macaroon}`;
      const existing = this.entries.get(id);
      if (existing && existing.dialKey === dialKey) continue;
      existing?.subscription?.close();
      existing?.gate.backend.close?.();
      const backend = this.options.factory(connection);
      const gate = new NodeGate(id, backend, this.options.gate);
      const subscription = this.options.followSettlements ? this.follow(connection, backend) : null;
      this.entries.set(id, { dialKey, gate, subscription });
    }
    for (const [id, entry] of this.entries) {
      if (!config.connections.has(id)) {
        entry.subscription?.close();
        entry.gate.backend.close?.();
        this.entries.delete(id);
      }
    }
  }

  private follow(connection: NodeConnectionConfig, backend: LightningBackend): SettlementSubscription {
    const { store, settled, metrics, logger } = this.options;
    return backend.subscribeSettlements({
      afterSettleIndex: connection.settleIndex,
      onSettlement: async (s) => {
        // Throwing (Postgres away) leaves the index where it was; the stream offers it again.
        const sold = await store.markSettled(connection.id, s.paymentHash, s.settleIndex, s.settledAt);
        if (sold) {
          settled.add(sold.tokenId);
          metrics.countPayment(this.slugByApiId.get(sold.apiId) ?? "unknown", sold.amountSats);
        }
        await store.advanceSettleIndex(connection.id, s.settleIndex);
      },
      onError: (err) =>
        logger.warn({ connection: connection.id, code: err.code }, "settlement stream interrupted"),
    });
  }

  close(): void {
    for (const entry of this.entries.values()) {
      entry.subscription?.close();
      entry.gate.backend.close?.();
    }
    this.entries.clear();
  }
}
