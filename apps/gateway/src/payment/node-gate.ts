/**
 * The gateway's door to one tenant's Lightning node. A bounded number of calls in flight (a flood
 * of challenges queues nothing: beyond the bound it is refused at once), a short timeout on every
 * call, and a breaker: after the node fails, challenges are refused with 503 + Retry-After for a
 * few seconds instead of each waiting out its own timeout. Never a hang.
 */
import type { LightningBackend } from "@tollbooth/lightning";

export class NodeUnavailableError extends Error {
  constructor(
    readonly reason: "node_down" | "node_busy",
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = "NodeUnavailableError";
  }
}

export interface NodeGateOptions {
  maxInFlight: number;
  /** How long the breaker stays open after a failure. */
  cooldownMs: number;
}

export class NodeGate {
  private inFlight = 0;
  private openUntil = 0;

  constructor(
    readonly connectionId: string,
    readonly backend: LightningBackend,
    private readonly options: NodeGateOptions,
  ) {}

  get isOpen(): boolean {
    return Date.now() < this.openUntil;
  }

  /** Runs one node call inside the bound and the breaker; failures that mean "node down" open it. */
  async call<T>(work: (backend: LightningBackend) => Promise<T>): Promise<T> {
    const now = Date.now();
    if (now < this.openUntil) {
      throw new NodeUnavailableError(
        "node_down",
        Math.max(1, Math.ceil((this.openUntil - now) / 1000)),
        "The provider's Lightning node is unavailable.",
      );
    }
    if (this.inFlight >= this.options.maxInFlight) {
      throw new NodeUnavailableError("node_busy", 1, "The provider's Lightning node is busy; retry shortly.");
    }
    this.inFlight++;
    try {
      return await work(this.backend);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (
        code === "unreachable" ||
        code === "timeout" ||
        code === "unauthenticated" ||
        code === "permission_denied" ||
        code === "forbidden_address" // the node's address is refused: no point re-resolving per request
      ) {
        this.openUntil = Date.now() + this.options.cooldownMs;
        throw new NodeUnavailableError(
          "node_down",
          Math.max(1, Math.ceil(this.options.cooldownMs / 1000)),
          "The provider's Lightning node is unavailable.",
        );
      }
      throw err;
    } finally {
      this.inFlight--;
    }
  }
}
