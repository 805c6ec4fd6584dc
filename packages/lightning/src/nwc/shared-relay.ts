/**
 * One websocket per relay URL, shared by every NWC backend in the process (a gateway with a
 * thousand tenants on one public relay holds one connection, not a thousand) and counted: the
 * last backend to let go closes it. Standing subscriptions (answers, notifications) are reopened
 * after every reconnect, and the relay reconnects by itself while anything still stands on it.
 */
import { AbstractRelay, type Subscription } from "nostr-tools/abstract-relay";
import type { Event } from "nostr-tools/core";
import type { Filter } from "nostr-tools/filter";
import { verifyEvent } from "nostr-tools/pure";
import { LightningError, type NodeDial } from "../backend";
import { reconnectDelayMs } from "../reconnect-delay";
import { relaySocket } from "./connection-string";
import { websocketFor, withTimeout } from "./relay-socket";

export interface RelayOptions {
  /** Checks the relay's address and returns the IP to dial (the gateway's SSRF rules). */
  dial?: NodeDial;
  timeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export interface StandingSubscription {
  /** Resolves once the subscription is open on the current connection (its EOSE arrived). */
  ready(): Promise<void>;
  close(): void;
}

export interface RelayHandle {
  readonly url: string;
  connection(): Promise<AbstractRelay>;
  subscribe(filters: Filter[], onEvent: (event: Event) => void): StandingSubscription;
  /** Stored events matching the filters, up to the relay's EOSE. */
  query(filters: Filter[]): Promise<Event[]>;
  publish(event: Event): Promise<void>;
  /** Called after every (re)connect; returns an unsubscribe. */
  onConnect(listener: () => void): () => void;
  release(): void;
}

class Standing implements StandingSubscription {
  private sub: Subscription | null = null;
  private opened!: Promise<void>;
  private markOpen!: () => void;
  closed = false;

  constructor(
    private readonly owner: SharedRelay,
    readonly filters: Filter[],
    private readonly onEvent: (event: Event) => void,
  ) {
    this.reset();
  }

  private reset(): void {
    this.opened = new Promise((resolve) => {
      this.markOpen = resolve;
    });
  }

  open(relay: AbstractRelay): void {
    if (this.closed) return;
    this.sub = relay.subscribe(this.filters, {
      onevent: (event) => this.onEvent(event),
      oneose: () => this.markOpen(),
      onclose: () => {
        this.sub = null;
        this.reset();
      },
      eoseTimeout: this.owner.options.timeoutMs,
    });
  }

  async ready(): Promise<void> {
    await this.owner.connection();
    await withTimeout(this.opened, this.owner.options.timeoutMs, `subscribe on the NWC relay`);
  }

  close(): void {
    this.closed = true;
    this.sub?.close();
    this.owner.standing.delete(this);
  }
}

class SharedRelay {
  refs = 0;
  readonly standing = new Set<Standing>();
  private readonly connectListeners = new Set<() => void>();
  private relay: AbstractRelay | null = null;
  private connecting: Promise<AbstractRelay> | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    readonly url: string,
    readonly options: RelayOptions,
  ) {}

  connection(): Promise<AbstractRelay> {
    if (this.closed)
      return Promise.reject(new LightningError("unreachable", "The NWC relay connection is closed."));
    if (this.relay?.connected) return Promise.resolve(this.relay);
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<AbstractRelay> {
    const host = new URL(this.url).host;
    let address: string | undefined;
    if (this.options.dial) {
      try {
        address = await this.options.dial(relaySocket(this.url));
      } catch (err) {
        throw new LightningError(
          "forbidden_address",
          `The NWC relay ${host} may not be dialled: ${(err as Error).message}`,
        );
      }
    }
    const relay = new AbstractRelay(this.url, {
      verifyEvent,
      websocketImplementation: websocketFor(
        address,
        this.options.timeoutMs,
      ) as unknown as typeof globalThis.WebSocket,
    });
    relay.connectionTimeout = this.options.timeoutMs;
    relay.publishTimeout = this.options.timeoutMs;
    relay.baseEoseTimeout = this.options.timeoutMs;
    relay.onnotice = () => {};
    try {
      await relay.connect();
    } catch (err) {
      this.scheduleReconnect();
      throw new LightningError("unreachable", `The NWC relay ${host} is not reachable.`, err);
    }
    if (this.closed) {
      relay.close();
      throw new LightningError("unreachable", "The NWC relay connection is closed.");
    }
    relay.onclose = () => {
      if (this.relay !== relay) return;
      this.relay = null;
      this.scheduleReconnect();
    };
    this.relay = relay;
    this.failures = 0;
    for (const s of this.standing) s.open(relay);
    for (const listener of this.connectListeners) listener();
    return relay;
  }

  /** Reconnects while something stands on the relay, with capped, jittered backoff. */
  private scheduleReconnect(): void {
    if (this.closed || this.standing.size === 0 || this.retryTimer) return;
    const delay = reconnectDelayMs(this.failures, this.options.reconnectMinMs, this.options.reconnectMaxMs);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connection().catch(() => {});
    }, delay);
    this.retryTimer.unref?.();
  }

  handle(): RelayHandle {
    this.refs++;
    let released = false;
    const own = new Set<Standing>();
    const listeners = new Set<() => void>();
    return {
      url: this.url,
      connection: () => this.connection(),
      subscribe: (filters, onEvent) => {
        const standing = new Standing(this, filters, onEvent);
        this.standing.add(standing);
        own.add(standing);
        if (this.relay?.connected) standing.open(this.relay);
        else this.connection().catch(() => {});
        return standing;
      },
      query: async (filters) => {
        const relay = await this.connection();
        const found: Event[] = [];
        await withTimeout(
          new Promise<void>((resolve) => {
            const sub = relay.subscribe(filters, {
              onevent: (e) => found.push(e),
              oneose: () => {
                sub.close();
                resolve();
              },
              onclose: () => resolve(),
              eoseTimeout: this.options.timeoutMs,
            });
          }),
          this.options.timeoutMs,
          "read from the NWC relay",
        );
        return found;
      },
      publish: async (event) => {
        const relay = await this.connection();
        try {
          await relay.publish(event);
        } catch (err) {
          const text = String((err as Error)?.message ?? err);
          if (/closed|timed out|errored/i.test(text)) {
            throw new LightningError("unreachable", "The NWC relay did not take the request.", err);
          }
          throw new LightningError("node_error", `The NWC relay refused the request: ${text}`, err);
        }
      },
      onConnect: (listener) => {
        this.connectListeners.add(listener);
        listeners.add(listener);
        return () => {
          this.connectListeners.delete(listener);
          listeners.delete(listener);
        };
      },
      release: () => {
        if (released) return;
        released = true;
        for (const s of own) s.close();
        for (const l of listeners) this.connectListeners.delete(l);
        if (--this.refs === 0) this.shutdown();
      },
    };
  }

  private shutdown(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    pool.delete(this.url);
    const relay = this.relay;
    this.relay = null;
    relay?.close();
  }
}

const pool = new Map<string, SharedRelay>();

/** A counted handle on the process's one connection to `url`; release() when done with it. */
export function acquireRelay(url: string, options: RelayOptions): RelayHandle {
  let shared = pool.get(url);
  if (!shared) {
    shared = new SharedRelay(url, options);
    pool.set(url, shared);
  }
  return shared.handle();
}

/** How many relay connections the process holds (for tests: one per relay URL). */
export function openRelayCount(): number {
  return pool.size;
}
