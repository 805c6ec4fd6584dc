/**
 * One undici Pool per upstream origin, reused across requests and config reloads. Pools for
 * public upstreams dial through the SSRF guard: names are resolved by a lookup that refuses
 * non-public addresses before any socket opens, and the address actually connected to is checked
 * again before the first byte is written (covers literal addresses and anything the lookup missed).
 */
import type { Socket } from "node:net";
import {
  createGuardedLookup,
  developmentRefusal,
  ForbiddenUpstreamAddressError,
  forbiddenAddressReason,
  stackServicePorts,
} from "@tollbooth/upstream-guard";
import { buildConnector, Pool } from "undici";

export interface UpstreamTimeouts {
  connectMs: number;
  /** Time to the response head. */
  headersMs: number;
  /** Longest silence while streaming the response body. */
  bodyMs: number;
}

export interface UpstreamPoolOptions extends UpstreamTimeouts {
  connectionsPerOrigin: number;
  /** DNS resolution for guarded pools; the system resolver unless a test substitutes one. */
  resolve?: Parameters<typeof createGuardedLookup>[0];
  /** The stack's own ports, never dialled on a local address even by private pools; default from the env. */
  stackPorts?: ReadonlySet<number>;
}

/**
 * Private pools (development, the demo, the operator override) may dial loopback and private
 * addresses, but never metadata/link-local ones or the stack's own services: checked on the
 * address and port actually connected to, before the first byte is written.
 */
function privateConnector(timeoutMs: number, stackPorts: ReadonlySet<number>): buildConnector.connector {
  return checkedConnector(buildConnector({ timeout: timeoutMs }), (address, port) =>
    developmentRefusal(address, port, stackPorts),
  );
}

function guardedConnector(
  timeoutMs: number,
  resolve: UpstreamPoolOptions["resolve"],
): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: createGuardedLookup(resolve) });
  return checkedConnector(connect, (address) => forbiddenAddressReason(address));
}

function checkedConnector(
  connect: buildConnector.connector,
  refuse: (address: string, port: number) => string | null,
): buildConnector.connector {
  return (options, callback) => {
    connect(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error("connect failed"), null);
        return;
      }
      const address = (socket as Socket).remoteAddress ?? "";
      const reason = refuse(address, (socket as Socket).remotePort ?? 0);
      if (reason) {
        socket.destroy();
        callback(new ForbiddenUpstreamAddressError(options.hostname, address, reason), null);
        return;
      }
      callback(null, socket);
    });
  };
}

export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  private readonly stackPorts: ReadonlySet<number>;

  constructor(private readonly options: UpstreamPoolOptions) {
    this.stackPorts = options.stackPorts ?? stackServicePorts();
  }

  get(origin: string, allowPrivate: boolean): Pool {
    const key = UpstreamPools.key(origin, allowPrivate);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connectionsPerOrigin,
        pipelining: 1,
        keepAliveTimeout: 4_000,
        headersTimeout: this.options.headersMs,
        bodyTimeout: this.options.bodyMs,
        connect: allowPrivate
          ? privateConnector(this.options.connectMs, this.stackPorts)
          : guardedConnector(this.options.connectMs, this.options.resolve),
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Drops pools no current API uses (after a config reload). */
  retain(origins: Set<string>): void {
    for (const [key, pool] of this.pools) {
      if (!origins.has(key)) {
        this.pools.delete(key);
        void pool.close().catch(() => {});
      }
    }
  }

  static key(origin: string, allowPrivate: boolean): string {
    return `${allowPrivate ? "private" : "guarded"} ${origin}`;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => {})));
    this.pools.clear();
  }
}
