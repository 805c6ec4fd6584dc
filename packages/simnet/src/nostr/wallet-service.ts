/**
 * A NIP-47 wallet service for every simnet node, over the simnet relay and the same in-memory
 * network as the gRPC server: an invoice made here settles when any simnet wallet pays it, and a
 * pay_invoice here settles any simnet invoice. Two connections per node, with keys derived from
 * the node's own secrets (so a minted string survives a simnet restart): "receive" (make_invoice,
 * lookup_invoice, list_transactions, get_info — what a provider should connect) and "spend" (also
 * pay_invoice and get_balance — what a builder pays from). Each has its own wallet pubkey, so its
 * info event (kind 13194) lists exactly what it allows.
 */
import { createHmac } from "node:crypto";
import type { Event } from "nostr-tools/core";
import * as nip04 from "nostr-tools/nip04";
import * as nip44 from "nostr-tools/nip44";
import { finalizeEvent, getPublicKey } from "nostr-tools/pure";
import type { Network } from "../network";
import type { PaymentRouter } from "../payments";
import type { StoredInvoice, StoredNode } from "../state";
import type { NostrRelay } from "./relay";
import { incomingTransaction } from "./transactions";
import { NwcFailure, runMethod } from "./wallet-methods";

export type NwcMode = "receive" | "spend";

const METHODS: Record<NwcMode, string[]> = {
  receive: ["make_invoice", "lookup_invoice", "list_transactions", "get_info"],
  spend: ["make_invoice", "lookup_invoice", "list_transactions", "get_info", "get_balance", "pay_invoice"],
};

export interface SimnetNwcCredentials {
  node: string;
  connectionString: string;
  walletPubkey: string;
  relayUrl: string;
  methods: string[];
}

interface Wallet {
  node: string;
  mode: NwcMode;
  walletSecret: Uint8Array;
  walletPubkey: string;
  clientSecret: Uint8Array;
  clientPubkey: string;
}

const derive = (key: string, label: string) =>
  Uint8Array.from(createHmac("sha256", Buffer.from(key, "hex")).update(label).digest());

export class NwcWalletService {
  private readonly wallets = new Map<string, Wallet>();
  private readonly byNode = new Map<string, Wallet[]>();
  private lastInfoAt = 0;
  /** Whether the wallets advertise and send payment_received notifications (tests turn it off). */
  private notify = true;

  constructor(
    private readonly network: Network,
    private readonly router: PaymentRouter,
    private readonly relay: NostrRelay,
  ) {
    for (const node of network.store.nodes.values()) this.register(node);
    relay.onEvent((event) => {
      if (event.kind === 23194) void this.handle(event);
    });
  }

  get notifications(): boolean {
    return this.notify;
  }

  /** Turns notifications on or off; the info events say so at once. */
  setNotifications(on: boolean): void {
    this.notify = on;
    for (const wallet of this.wallets.values()) this.announce(wallet);
  }

  /** The connection string of `node`'s wallet; receiveOnly leaves out pay_invoice and get_balance. */
  mint(node: StoredNode, receiveOnly: boolean): SimnetNwcCredentials {
    const wallets = this.register(node);
    const mode: NwcMode = receiveOnly ? "receive" : "spend";
    const wallet = wallets.find((w) => w.mode === mode) as Wallet;
    const secret = Buffer.from(wallet.clientSecret).toString("hex");
    return {
      node: node.name,
      connectionString: `nostr+walletconnect://${wallet.walletPubkey}?relay=${encodeURIComponent(this.relay.url)}&secret=${secret}`,
      walletPubkey: wallet.walletPubkey,
      relayUrl: this.relay.url,
      methods: METHODS[mode],
    };
  }

  private register(node: StoredNode): Wallet[] {
    const existing = this.byNode.get(node.name);
    if (existing) return existing;
    const wallets = (["receive", "spend"] as const).map((mode): Wallet => {
      const walletSecret = derive(node.privateKey, `nwc-wallet:${mode}`);
      const clientSecret = derive(node.rootKey, `nwc-client:${mode}`);
      return {
        node: node.name,
        mode,
        walletSecret,
        walletPubkey: getPublicKey(walletSecret),
        clientSecret,
        clientPubkey: getPublicKey(clientSecret),
      };
    });
    this.byNode.set(node.name, wallets);
    for (const wallet of wallets) {
      this.wallets.set(wallet.walletPubkey, wallet);
      this.announce(wallet);
    }
    this.network.events.get(node.name)?.on("invoice", (invoice: StoredInvoice) => {
      if (invoice.state === "SETTLED") void this.notifyReceived(node.name, invoice);
    });
    return wallets;
  }

  private announce(wallet: Wallet): void {
    // A replaceable event: each must be newer than the last, even within one second.
    this.lastInfoAt = Math.max(Math.floor(Date.now() / 1000), this.lastInfoAt + 1);
    const tags = [["encryption", "nip44_v2 nip04"]];
    if (this.notify) tags.push(["notifications", "payment_received"]);
    this.relay.publish(
      finalizeEvent(
        { kind: 13194, created_at: this.lastInfoAt, tags, content: METHODS[wallet.mode].join(" ") },
        wallet.walletSecret,
      ),
    );
  }

  private async notifyReceived(nodeName: string, invoice: StoredInvoice): Promise<void> {
    // Announced only once written, like the gRPC stream: a restart never loses what was told.
    await this.network.store.unwritten();
    if (!this.notify) return;
    const node = this.network.store.nodes.get(nodeName);
    if (!node) return;
    const body = JSON.stringify({
      notification_type: "payment_received",
      notification: incomingTransaction(this.network, invoice),
    });
    for (const wallet of this.byNode.get(nodeName) ?? []) {
      const created_at = Math.floor(Date.now() / 1000);
      const tags = [["p", wallet.clientPubkey]];
      const key = nip44.v2.utils.getConversationKey(wallet.walletSecret, wallet.clientPubkey);
      this.relay.publish(
        finalizeEvent(
          { kind: 23197, created_at, tags, content: nip44.v2.encrypt(body, key) },
          wallet.walletSecret,
        ),
      );
      this.relay.publish(
        finalizeEvent(
          {
            kind: 23196,
            created_at,
            tags,
            content: nip04.encrypt(wallet.walletSecret, wallet.clientPubkey, body),
          },
          wallet.walletSecret,
        ),
      );
    }
  }

  private async handle(event: Event): Promise<void> {
    const walletPubkey = event.tags.find((t) => t[0] === "p")?.[1];
    const wallet = walletPubkey ? this.wallets.get(walletPubkey) : undefined;
    if (!wallet) return;
    const expiration = Number(event.tags.find((t) => t[0] === "expiration")?.[1] ?? 0);
    if (expiration > 0 && expiration < Date.now() / 1000) return; // the client gave up on it
    const nip44Asked = event.tags.some(
      (t) => t[0] === "encryption" && t[1]?.split(/\s+/).includes("nip44_v2"),
    );
    const key = nip44.v2.utils.getConversationKey(wallet.walletSecret, event.pubkey);
    const encrypt = (text: string) =>
      nip44Asked ? nip44.v2.encrypt(text, key) : nip04.encrypt(wallet.walletSecret, event.pubkey, text);
    let method = "unknown";
    let answer: { error?: { code: string; message: string }; result?: unknown };
    try {
      const request = JSON.parse(
        nip44Asked
          ? nip44.v2.decrypt(event.content, key)
          : nip04.decrypt(wallet.walletSecret, event.pubkey, event.content),
      ) as { method?: unknown; params?: Record<string, unknown> };
      method = typeof request.method === "string" ? request.method : "unknown";
      if (event.pubkey !== wallet.clientPubkey)
        throw new NwcFailure("UNAUTHORIZED", "This connection is not known to the wallet.");
      if (!METHODS[wallet.mode].includes(method)) {
        throw new NwcFailure(
          wallet.mode === "receive" && method === "pay_invoice" ? "RESTRICTED" : "NOT_IMPLEMENTED",
          `${method} is not allowed on this connection.`,
        );
      }
      answer = { result: await this.run(wallet, method, request.params ?? {}) };
    } catch (err) {
      answer =
        err instanceof NwcFailure
          ? { error: { code: err.code, message: err.message } }
          : { error: { code: "OTHER", message: "The request could not be read." } };
    }
    this.relay.publish(
      finalizeEvent(
        {
          kind: 23195,
          created_at: Math.floor(Date.now() / 1000),
          tags: [
            ["p", event.pubkey],
            ["e", event.id],
          ],
          content: encrypt(JSON.stringify({ result_type: method, ...answer })),
        },
        wallet.walletSecret,
      ),
    );
  }

  private run(wallet: Wallet, method: string, params: Record<string, unknown>): Promise<unknown> {
    const node = this.network.store.nodes.get(wallet.node);
    if (!node) throw new NwcFailure("INTERNAL", "The wallet's node is gone.");
    return runMethod(
      {
        network: this.network,
        router: this.router,
        node,
        methods: METHODS[wallet.mode],
        notifications: this.notify,
      },
      method,
      params,
    );
  }
}
