/**
 * A small NIP-01 relay for the simnet: EVENT (signature checked, OK answered), REQ (stored events
 * matching the filters, EOSE, then live ones), CLOSE. Ephemeral events (kinds 20000–29999, which
 * is every NIP-47 request, answer and notification) are passed on and never stored; replaceable
 * ones (0, 3, 10000–19999, e.g. a wallet's info event) keep only the newest per author and kind.
 * In-process listeners (the NIP-47 wallet service) see every accepted event and may publish.
 * stop() / start() take it off the air and back on the same port, for outage tests.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Event } from "nostr-tools/core";
import { type Filter, matchFilters } from "nostr-tools/filter";
import { verifyEvent } from "nostr-tools/pure";
import { WebSocket, WebSocketServer } from "ws";

const MAX_MESSAGE_BYTES = 256 * 1024;
// Generous: one gateway connection carries three standing subscriptions per tenant on this relay.
const MAX_SUBSCRIPTIONS = 4096;
const MAX_STORED = 10_000;

const isEphemeral = (kind: number) => kind >= 20000 && kind < 30000;
const isReplaceable = (kind: number) => kind === 0 || kind === 3 || (kind >= 10000 && kind < 20000);

interface Client {
  socket: WebSocket;
  subs: Map<string, Filter[]>;
}

export class NostrRelay {
  private wss: WebSocketServer | null = null;
  private readonly clients = new Set<Client>();
  private stored: Event[] = [];
  private readonly listeners = new Set<(event: Event) => void>();
  port = 0;

  constructor(private readonly host: string) {}

  get url(): string {
    return `ws://${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get running(): boolean {
    return this.wss !== null;
  }

  async start(port = this.port): Promise<void> {
    if (this.wss) return;
    const wss = new WebSocketServer({ host: this.host, port, maxPayload: MAX_MESSAGE_BYTES });
    await new Promise<void>((ok, fail) => {
      wss.once("listening", () => ok());
      wss.once("error", fail);
    });
    this.port = (wss.address() as AddressInfo).port;
    wss.on("connection", (socket) => this.accept(socket));
    this.wss = wss;
  }

  /** Drops every client and stops listening; stored events stay for the next start(). */
  async stop(): Promise<void> {
    const wss = this.wss;
    if (!wss) return;
    this.wss = null;
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
    await new Promise<void>((ok) => wss.close(() => ok()));
    (wss as unknown as { _server?: Server })._server?.closeAllConnections?.();
  }

  /** Sees every accepted event (in-process, whether or not the relay is listening). */
  onEvent(listener: (event: Event) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Accepts an event as if a client had sent it; false when the signature is wrong. */
  publish(event: Event): boolean {
    if (!verifyEvent(event)) return false;
    if (!isEphemeral(event.kind)) this.store(event);
    for (const client of this.clients) {
      for (const [id, filters] of client.subs) {
        if (matchFilters(filters, event)) send(client.socket, ["EVENT", id, event]);
      }
    }
    for (const listener of this.listeners) listener(event);
    return true;
  }

  private store(event: Event): void {
    if (isReplaceable(event.kind)) {
      const older = this.stored.find((e) => e.kind === event.kind && e.pubkey === event.pubkey);
      if (older && older.created_at > event.created_at) return;
      this.stored = this.stored.filter((e) => !(e.kind === event.kind && e.pubkey === event.pubkey));
    }
    this.stored.push(event);
    if (this.stored.length > MAX_STORED) this.stored.splice(0, this.stored.length - MAX_STORED);
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, subs: new Map() };
    this.clients.add(client);
    socket.on("close", () => this.clients.delete(client));
    socket.on("error", () => socket.terminate());
    socket.on("message", (data) => this.onMessage(client, data.toString()));
  }

  private onMessage(client: Client, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return send(client.socket, ["NOTICE", "invalid: not JSON"]);
    }
    if (!Array.isArray(message) || typeof message[0] !== "string") {
      return send(client.socket, ["NOTICE", "invalid: not a NIP-01 message"]);
    }
    const [type, ...rest] = message as [string, ...unknown[]];
    if (type === "EVENT") {
      const event = rest[0] as Event;
      const id = typeof event?.id === "string" ? event.id : "";
      let ok = false;
      try {
        ok = this.publish(event);
      } catch {
        ok = false;
      }
      return send(client.socket, ["OK", id, ok, ok ? "" : "invalid: bad event or signature"]);
    }
    if (type === "REQ") {
      const [id, ...filters] = rest as [unknown, ...Filter[]];
      if (typeof id !== "string" || id.length > 64 || filters.some((f) => !f || typeof f !== "object")) {
        return send(client.socket, ["CLOSED", String(id), "invalid: bad subscription"]);
      }
      if (!client.subs.has(id) && client.subs.size >= MAX_SUBSCRIPTIONS) {
        return send(client.socket, ["CLOSED", id, "error: too many subscriptions"]);
      }
      client.subs.set(id, filters);
      const limit = Math.min(...filters.map((f) => (typeof f.limit === "number" ? f.limit : MAX_STORED)));
      const matching = this.stored
        .filter((e) => matchFilters(filters, e))
        .sort((a, b) => b.created_at - a.created_at);
      for (const event of matching.slice(0, limit)) send(client.socket, ["EVENT", id, event]);
      return send(client.socket, ["EOSE", id]);
    }
    if (type === "CLOSE") {
      client.subs.delete(String(rest[0]));
      return;
    }
    send(client.socket, ["NOTICE", `invalid: unknown message type ${type.slice(0, 20)}`]);
  }
}

function send(socket: WebSocket, message: unknown[]): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}
