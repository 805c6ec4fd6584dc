/**
 * One NWC connection string's conversation with its wallet service (NIP-47): requests (kind 23194)
 * answered by kind 23195 events tagged with the request's id, notifications (23196 NIP-04,
 * 23197 NIP-44), and the wallet's info event (13194) that says which methods, encryption and
 * notifications it offers. Encryption is NIP-44 v2 when the wallet advertises it, NIP-04 otherwise.
 */
import type { Event } from "nostr-tools/core";
import * as nip04 from "nostr-tools/nip04";
import * as nip44 from "nostr-tools/nip44";
import { finalizeEvent } from "nostr-tools/pure";
import { LightningError, type LightningErrorCode } from "../backend";
import type { NwcConnection } from "./connection-string";
import { withTimeout } from "./relay-socket";
import { acquireRelay, type RelayHandle, type RelayOptions, type StandingSubscription } from "./shared-relay";

const NWC_KINDS = {
  info: 13194,
  request: 23194,
  response: 23195,
  notifyNip04: 23196,
  notifyNip44: 23197,
};

export interface WalletInfo {
  methods: string[];
  encryption: "nip44_v2" | "nip04";
  notifications: string[];
}

export interface NwcNotification {
  type: string;
  notification: Record<string, unknown>;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (err: LightningError) => void;
}

/** NIP-47's error codes in the backend's vocabulary. */
const ERROR_CODES: Record<string, LightningErrorCode> = {
  RATE_LIMITED: "unreachable",
  NOT_IMPLEMENTED: "permission_denied",
  INSUFFICIENT_BALANCE: "insufficient_balance",
  QUOTA_EXCEEDED: "insufficient_balance",
  RESTRICTED: "permission_denied",
  UNAUTHORIZED: "unauthenticated",
  NOT_FOUND: "invoice_not_found",
  PAYMENT_FAILED: "payment_failed",
  UNSUPPORTED_ENCRYPTION: "node_error",
  INTERNAL: "node_error",
  OTHER: "node_error",
};

function parseInfo(event: Event): WalletInfo {
  const tag = (name: string) =>
    event.tags
      .find((t) => t[0] === name)?.[1]
      ?.split(/\s+/)
      .filter(Boolean) ?? [];
  return {
    methods: event.content.split(/\s+/).filter(Boolean),
    // No encryption tag: the wallet predates NIP-44 and speaks NIP-04 only.
    encryption: tag("encryption").includes("nip44_v2") ? "nip44_v2" : "nip04",
    notifications: tag("notifications"),
  };
}

export class NwcSession {
  private readonly relay: RelayHandle;
  private readonly pending = new Map<string, Pending>();
  private responses: StandingSubscription | null = null;
  private notifications: StandingSubscription | null = null;
  private info: Promise<WalletInfo> | null = null;
  private infoAt = 0;
  private infoSub: StandingSubscription | null = null;
  private conversationKey: Uint8Array | null = null;
  private readonly listeners = new Set<(n: NwcNotification) => void>();

  constructor(
    readonly connection: NwcConnection,
    private readonly options: RelayOptions,
  ) {
    this.relay = acquireRelay(connection.relayUrl, options);
  }

  /** The wallet's info event, read once per session (a refusal is not remembered). */
  walletInfo(): Promise<WalletInfo> {
    if (!this.info) {
      const current = this.readInfo();
      this.info = current;
      current.catch(() => {
        if (this.info === current) this.info = null;
      });
    }
    return this.info;
  }

  private async readInfo(): Promise<WalletInfo> {
    const events = await this.relay.query([
      { kinds: [NWC_KINDS.info], authors: [this.connection.walletPubkey], limit: 1 },
    ]);
    const latest = events.sort((a, b) => b.created_at - a.created_at)[0];
    if (!latest) {
      throw new LightningError(
        "unauthenticated",
        "No NWC wallet service announces itself on that relay for the connection's pubkey (no info event): check the connection string.",
      );
    }
    this.infoAt = latest.created_at;
    // The info event is replaceable: follow it, so a wallet that turns notifications (or methods)
    // off or on is believed at once, not after a restart.
    this.infoSub ??= this.relay.subscribe(
      [{ kinds: [NWC_KINDS.info], authors: [this.connection.walletPubkey], since: latest.created_at }],
      (event) => {
        if (event.created_at <= this.infoAt) return;
        this.infoAt = event.created_at;
        this.info = Promise.resolve(parseInfo(event));
      },
    );
    const info = parseInfo(latest);
    this.subscribeNotifications(info);
    return info;
  }

  private key(): Uint8Array {
    this.conversationKey ??= nip44.v2.utils.getConversationKey(
      this.connection.secret,
      this.connection.walletPubkey,
    );
    return this.conversationKey;
  }

  private encrypt(text: string, encryption: WalletInfo["encryption"]): string {
    return encryption === "nip44_v2"
      ? nip44.v2.encrypt(text, this.key())
      : nip04.encrypt(this.connection.secret, this.connection.walletPubkey, text);
  }

  private decrypt(content: string): unknown {
    const text = content.includes("?iv=")
      ? nip04.decrypt(this.connection.secret, this.connection.walletPubkey, content)
      : nip44.v2.decrypt(content, this.key());
    return JSON.parse(text);
  }

  private ensureResponses(): StandingSubscription {
    this.responses ??= this.relay.subscribe(
      [
        {
          kinds: [NWC_KINDS.response],
          authors: [this.connection.walletPubkey],
          "#p": [this.connection.clientPubkey],
        },
      ],
      (event) => this.onResponse(event),
    );
    return this.responses;
  }

  private onResponse(event: Event): void {
    const requestId = event.tags.find((t) => t[0] === "e")?.[1];
    const waiting = requestId ? this.pending.get(requestId) : undefined;
    if (!requestId || !waiting) return;
    this.pending.delete(requestId);
    let body: { result_type?: string; error?: { code?: string; message?: string } | null; result?: unknown };
    try {
      body = this.decrypt(event.content) as typeof body;
    } catch (err) {
      waiting.reject(
        new LightningError("node_error", "The NWC wallet's answer could not be decrypted.", err),
      );
      return;
    }
    if (body?.error) {
      const code = ERROR_CODES[String(body.error.code)] ?? "node_error";
      waiting.reject(
        new LightningError(
          code,
          `The NWC wallet refused: ${String(body.error.message ?? body.error.code).slice(0, 200)}`,
        ),
      );
      return;
    }
    if (body?.result === undefined || body.result === null || typeof body.result !== "object") {
      waiting.reject(new LightningError("node_error", "The NWC wallet answered without a result."));
      return;
    }
    waiting.resolve(body.result);
  }

  /** One NIP-47 request and its answer, within the timeout. */
  async request<T>(
    method: string,
    params: Record<string, unknown>,
    timeoutMs = this.options.timeoutMs,
  ): Promise<T> {
    const info = await this.walletInfo();
    if (!info.methods.includes(method)) {
      throw new LightningError("permission_denied", `This NWC connection does not allow ${method}.`);
    }
    await this.ensureResponses().ready();
    const event = finalizeEvent(
      {
        kind: NWC_KINDS.request,
        created_at: Math.floor(Date.now() / 1000),
        tags: [
          ["p", this.connection.walletPubkey],
          ...(info.encryption === "nip44_v2" ? [["encryption", "nip44_v2"]] : []),
          // A request the wallet sees late (after a relay hiccup) must not run after we gave up on it.
          ["expiration", String(Math.ceil((Date.now() + timeoutMs) / 1000) + 1)],
        ],
        content: this.encrypt(JSON.stringify({ method, params }), info.encryption),
      },
      this.connection.secret,
    );
    const answered = new Promise<T>((resolve, reject) => {
      this.pending.set(event.id, { resolve: resolve as (r: unknown) => void, reject });
    });
    // close() may reject it while publish is still in flight, before anything awaits it: without
    // a handler that rejection would be unhandled and take the whole gateway down.
    answered.catch(() => {});
    try {
      await this.relay.publish(event);
      return await withTimeout(answered, timeoutMs, `${method} on the NWC wallet`);
    } finally {
      this.pending.delete(event.id);
    }
  }

  /** Delivers the wallet's notifications; opened once, reopened after every reconnect. */
  onNotification(listener: (n: NwcNotification) => void): () => void {
    this.listeners.add(listener);
    // If the wallet's info cannot be read yet (relay down), readInfo subscribes once it can.
    void this.walletInfo()
      .then((info) => this.subscribeNotifications(info))
      .catch(() => {});
    return () => this.listeners.delete(listener);
  }

  private subscribeNotifications(info: WalletInfo): void {
    if (this.notifications || this.listeners.size === 0) return;
    // A wallet that speaks NIP-44 sends both kinds; read only the one we encrypt with.
    const kind = info.encryption === "nip44_v2" ? NWC_KINDS.notifyNip44 : NWC_KINDS.notifyNip04;
    this.notifications = this.relay.subscribe(
      [{ kinds: [kind], authors: [this.connection.walletPubkey], "#p": [this.connection.clientPubkey] }],
      (event) => this.onNotificationEvent(event),
    );
  }

  private onNotificationEvent(event: Event): void {
    let body: { notification_type?: unknown; notification?: unknown };
    try {
      body = this.decrypt(event.content) as typeof body;
    } catch {
      return; // not for us, or garbled: polling and reconciliation still find the payment
    }
    if (
      typeof body?.notification_type !== "string" ||
      !body.notification ||
      typeof body.notification !== "object"
    )
      return;
    for (const listener of this.listeners) {
      listener({ type: body.notification_type, notification: body.notification as Record<string, unknown> });
    }
  }

  onReconnect(listener: () => void): () => void {
    return this.relay.onConnect(listener);
  }

  /** Opens the relay connection (for a standing subscription to have somewhere to stand). */
  connect(): Promise<unknown> {
    return this.relay.connection();
  }

  close(): void {
    for (const waiting of this.pending.values()) {
      waiting.reject(new LightningError("unreachable", "The NWC connection was closed."));
    }
    this.pending.clear();
    this.listeners.clear();
    this.relay.release();
  }
}
