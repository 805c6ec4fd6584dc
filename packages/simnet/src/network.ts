import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { status } from "@grpc/grpc-js";
import { encodeInvoice, pubkeyOf } from "./invoice-codec";
import { VerifiedMacaroons } from "./macaroon-cache";
import type { MacaroonOp } from "./macaroon-id";
import { bakeMacaroon, MacaroonRejected, readMacaroon, verifyMacaroon } from "./macaroons";
import { ADMIN_OPS, INVOICE_OPS, isAllowed, READONLY_OPS } from "./permissions";
import { RpcError } from "./rpc-error";
import { type NodeKind, SimnetStore, type StoredInvoice, type StoredNode } from "./state";

export const BUILDER_NODE = "builder";
const NODE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_EXPIRY_SECONDS = 365 * 24 * 3600;

export interface NetworkOptions {
  builderFundingSats: number;
}

/**
 * The virtual nodes and their invoices. Every mutation is persisted before it is announced, so a
 * subscriber never sees a settlement that a restart could lose.
 */
export class Network {
  private readonly byPubkey = new Map<string, StoredNode>();
  private readonly invoiceIndex = new Map<string, Map<string, StoredInvoice>>();
  /** Per node: emits "invoice" (StoredInvoice) on add and on settle, like LND's invoice registry. */
  readonly events = new Map<string, EventEmitter>();
  private readonly verified = new VerifiedMacaroons();

  constructor(
    readonly store: SimnetStore,
    private readonly opts: NetworkOptions,
  ) {
    for (const node of store.nodes.values()) this.index(node);
    this.ensureNode(BUILDER_NODE, "builder");
  }

  private index(node: StoredNode): void {
    this.byPubkey.set(node.pubkey, node);
    this.invoiceIndex.set(node.name, new Map(node.invoices.map((i) => [i.paymentHash, i])));
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    this.events.set(node.name, emitter);
  }

  static isValidName(name: unknown): name is string {
    return typeof name === "string" && NODE_NAME.test(name);
  }

  ensureNode(name: string, kind: NodeKind = "provider"): StoredNode {
    const existing = this.store.nodes.get(name);
    if (existing) return existing;
    if (!Network.isValidName(name)) throw new RpcError(status.INVALID_ARGUMENT, "invalid node name");
    const privateKey = randomBytes(32).toString("hex");
    const rootKey = randomBytes(32).toString("hex");
    const node: StoredNode = {
      name,
      kind,
      privateKey,
      pubkey: pubkeyOf(privateKey),
      rootKey,
      macaroons: {
        admin: bakeMacaroon(rootKey, name, ADMIN_OPS),
        invoice: bakeMacaroon(rootKey, name, INVOICE_OPS),
        readonly: bakeMacaroon(rootKey, name, READONLY_OPS),
      },
      balanceMsat: kind === "builder" ? (BigInt(this.opts.builderFundingSats) * 1000n).toString() : "0",
      addIndex: 0,
      settleIndex: 0,
      paymentIndex: 0,
      invoices: [],
      payments: [],
    };
    this.store.nodes.set(name, node);
    this.index(node);
    void this.store.commit([SimnetStore.nodeRecord(node)]);
    this.store.flushSync(); // rare, and the admin API answers synchronously
    return node;
  }

  nodeByPubkey(pubkey: string): StoredNode | undefined {
    return this.byPubkey.get(pubkey);
  }

  /** Authenticates a call the way LND does: macaroon present, signed by the node, permitted. */
  authenticate(macaroons: string[], rpcPath: string): { node: StoredNode; ops: MacaroonOp[] } {
    if (macaroons.length !== 1 || !macaroons[0]) {
      throw new RpcError(status.UNKNOWN, `expected 1 macaroon, got ${macaroons.length}`);
    }
    const serialized = macaroons[0];
    const nowMs = Date.now();
    try {
      let entry = this.verified.get(serialized, nowMs);
      if (!entry) {
        const parsed = readMacaroon(serialized);
        const owner = this.store.nodes.get(parsed.storageId);
        if (!owner) {
          throw new MacaroonRejected(
            `cannot get macaroon: root key with id ${parsed.storageId} doesn't exist (macaroon is for another node)`,
          );
        }
        const { notAfter } = verifyMacaroon(parsed.bytes, owner.rootKey, new Date(nowMs));
        entry = { storageId: parsed.storageId, ops: parsed.ops, notAfter };
        this.verified.set(serialized, entry);
      }
      const node = this.store.nodes.get(entry.storageId);
      if (!node)
        throw new MacaroonRejected(`cannot get macaroon: root key with id ${entry.storageId} doesn't exist`);
      if (!isAllowed(entry.ops, rpcPath)) throw new RpcError(status.UNKNOWN, "permission denied");
      return { node, ops: entry.ops };
    } catch (err) {
      if (err instanceof MacaroonRejected) throw new RpcError(status.UNKNOWN, err.message);
      throw err;
    }
  }

  addInvoice(
    node: StoredNode,
    args: { valueMsat: bigint; memo: string; expirySeconds: number; cltvExpiry: number; preimage?: Buffer },
  ): StoredInvoice {
    if (args.valueMsat < 0n) throw new RpcError(status.UNKNOWN, "payment of negative value is not allowed");
    if (args.expirySeconds < 0 || args.expirySeconds > MAX_EXPIRY_SECONDS) {
      throw new RpcError(status.UNKNOWN, "expiry of invoice is out of range");
    }
    if (Buffer.byteLength(args.memo) > 639) {
      throw new RpcError(status.UNKNOWN, "memo too large: max 639 bytes allowed");
    }
    if (args.preimage && args.preimage.length !== 32) {
      throw new RpcError(status.UNKNOWN, "payment preimage must be exactly 32 bytes");
    }
    const preimage = args.preimage ?? randomBytes(32);
    const paymentHash = createHash("sha256").update(preimage).digest("hex");
    const invoices = this.invoiceIndex.get(node.name);
    if (!invoices || invoices.has(paymentHash)) {
      throw new RpcError(status.ALREADY_EXISTS, "invoice with payment hash already exists");
    }
    const paymentAddr = randomBytes(32).toString("hex");
    const createdAt = Math.floor(Date.now() / 1000);
    const expirySeconds = args.expirySeconds || 86400;
    const invoice: StoredInvoice = {
      paymentHash,
      preimage: preimage.toString("hex"),
      paymentAddr,
      valueMsat: args.valueMsat.toString(),
      memo: args.memo,
      createdAt,
      expirySeconds,
      cltvExpiry: args.cltvExpiry || 80,
      bolt11: encodeInvoice({
        privateKeyHex: node.privateKey,
        valueMsat: args.valueMsat,
        paymentHash,
        paymentAddr,
        memo: args.memo,
        createdAt,
        expirySeconds,
        cltvExpiry: args.cltvExpiry || 80,
      }),
      addIndex: node.addIndex + 1,
      state: "OPEN",
      settleIndex: 0,
      settledAt: 0,
      amtPaidMsat: "0",
    };
    node.addIndex = invoice.addIndex;
    node.invoices.push(invoice);
    invoices.set(paymentHash, invoice);
    // The add index travels inside the invoice record; replay restores the node's from it.
    // Subscribers hear of it at once but their streams hold the message until it is written.
    void this.store.commit([{ t: "invoice", node: node.name, invoice }]);
    this.events.get(node.name)?.emit("invoice", invoice);
    return invoice;
  }

  /** LND cancels an open invoice once it expires; the simnet does it when the invoice is read. */
  currentState(invoice: StoredInvoice, nowSeconds = Date.now() / 1000): StoredInvoice["state"] {
    if (invoice.state === "OPEN" && nowSeconds >= invoice.createdAt + invoice.expirySeconds)
      return "CANCELED";
    return invoice.state;
  }

  lookupInvoice(node: StoredNode, paymentHash: string): StoredInvoice {
    const invoice = this.invoiceIndex.get(node.name)?.get(paymentHash);
    if (!invoice) throw new RpcError(status.NOT_FOUND, "unable to locate invoice");
    return invoice;
  }

  findInvoice(node: StoredNode, paymentHash: string): StoredInvoice | undefined {
    return this.invoiceIndex.get(node.name)?.get(paymentHash);
  }

  /** LND's ListInvoices paging: by add index, forwards after the offset or backwards before it. */
  listInvoices(
    node: StoredNode,
    q: {
      indexOffset: number;
      max: number;
      reversed: boolean;
      pendingOnly: boolean;
      start: number;
      end: number;
    },
  ): { invoices: StoredInvoice[]; first: number; last: number } {
    const matches = node.invoices.filter(
      (i) =>
        (!q.pendingOnly || this.currentState(i) === "OPEN") &&
        (!q.start || i.createdAt >= q.start) &&
        (!q.end || i.createdAt <= q.end),
    );
    const max = q.max > 0 ? q.max : 100;
    let page: StoredInvoice[];
    if (q.reversed) {
      const before = q.indexOffset > 0 ? matches.filter((i) => i.addIndex < q.indexOffset) : matches;
      page = before.slice(Math.max(0, before.length - max));
    } else {
      page = matches.filter((i) => i.addIndex > q.indexOffset).slice(0, max);
    }
    return { invoices: page, first: page[0]?.addIndex ?? 0, last: page.at(-1)?.addIndex ?? 0 };
  }

  /** Settles an invoice with the paid amount; the caller has checked it is payable. */
  settle(node: StoredNode, invoice: StoredInvoice, paidMsat: bigint): void {
    invoice.state = "SETTLED";
    invoice.amtPaidMsat = paidMsat.toString();
    invoice.settledAt = Math.floor(Date.now() / 1000);
    invoice.settleIndex = node.settleIndex + 1;
    node.settleIndex = invoice.settleIndex;
  }
}
