import {
  chmodSync,
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/**
 * The simnet's whole world, kept like a database would: a snapshot (`state.json`) plus an
 * append-only journal (`journal.ndjson`) with one line per changed node, invoice or payment.
 * A change costs one append whatever the history size; a change that spans records (a payment:
 * two balances, an invoice, a payment) is one write. On start the journal is replayed onto the
 * snapshot and compacted, so a restart finds every invoice with its add and settle indexes intact.
 *
 * Group commit: `commit` queues the lines and one write per event-loop turn carries every change
 * made in that turn (at 2,000+ invoices/s that is many invoices per write instead of an
 * open+write+close each). The promise it returns settles once the write is done; the gRPC layer
 * answers no call and announces no event before the changes it saw are written, so a restart never
 * loses an invoice or a settlement a client was told about. "Written" means handed to the OS
 * (survives a crash or kill of the simnet, not a power cut), as before.
 */

export type InvoiceStateName = "OPEN" | "SETTLED" | "CANCELED";

export interface StoredInvoice {
  paymentHash: string;
  preimage: string;
  paymentAddr: string;
  valueMsat: string;
  memo: string;
  /** unix seconds */
  createdAt: number;
  expirySeconds: number;
  cltvExpiry: number;
  bolt11: string;
  addIndex: number;
  state: InvoiceStateName;
  settleIndex: number;
  /** unix seconds, 0 while unsettled */
  settledAt: number;
  amtPaidMsat: string;
}

export interface StoredPayment {
  paymentHash: string;
  bolt11: string;
  destination: string;
  valueMsat: string;
  feeMsat: string;
  preimage: string;
  createdAtNs: string;
  resolvedAtNs: string;
  status: "SUCCEEDED" | "FAILED";
  failureReason: string;
  paymentIndex: number;
}

export type NodeKind = "provider" | "builder";

export interface StoredNode {
  name: string;
  kind: NodeKind;
  /** hex secp256k1 private key: signs this node's invoices. */
  privateKey: string;
  pubkey: string;
  /** hex 32-byte macaroon root key. */
  rootKey: string;
  macaroons: { admin: string; invoice: string; readonly: string };
  balanceMsat: string;
  addIndex: number;
  settleIndex: number;
  paymentIndex: number;
  invoices: StoredInvoice[];
  payments: StoredPayment[];
}

interface StateFile {
  version: 1;
  nodes: StoredNode[];
}

type NodeHeader = Omit<StoredNode, "invoices" | "payments">;

export type JournalRecord =
  | { t: "node"; node: NodeHeader }
  | { t: "invoice"; node: string; invoice: StoredInvoice }
  | { t: "payment"; node: string; payment: StoredPayment };

/** Compact once the journal holds this many records and at least as many as the snapshot (amortized O(1)). */
const COMPACT_AFTER_RECORDS = 50_000;

export class SimnetStore {
  readonly nodes = new Map<string, StoredNode>();
  private readonly snapshotFile: string;
  private readonly journalFile: string;
  private journalRecords = 0;
  private snapshotRecords = 0;
  private journalFd: number | undefined;
  private pending: string[] = [];
  private flushing: Promise<void> | undefined;
  private flushWaiters: { resolve: () => void; reject: (err: unknown) => void } | undefined;

  constructor(readonly dataDir: string) {
    // The state holds node private keys, macaroon root keys and preimages: owner-only, like tls.key.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.snapshotFile = join(dataDir, "state.json");
    this.journalFile = join(dataDir, "journal.ndjson");
    for (const file of [this.snapshotFile, this.journalFile]) {
      try {
        chmodSync(file, 0o600); // tighten files written by an older simnet
      } catch {
        // not there yet: created below with 0600
      }
    }
    let snapshot: StateFile | undefined;
    try {
      snapshot = JSON.parse(readFileSync(this.snapshotFile, "utf8")) as StateFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`simnet state at ${this.snapshotFile} is unreadable: ${(err as Error).message}`);
      }
    }
    for (const node of snapshot?.nodes ?? []) this.nodes.set(node.name, node);
    for (const node of this.nodes.values()) {
      for (const [at, i] of node.invoices.entries()) this.replayAt.set(`i:${node.name}:${i.paymentHash}`, at);
      for (const [at, p] of node.payments.entries())
        this.replayAt.set(`p:${node.name}:${p.paymentIndex}`, at);
    }
    this.replayJournal();
    this.replayAt.clear();
    this.compact();
  }

  private replayJournal(): void {
    let text: string;
    try {
      text = readFileSync(this.journalFile, "utf8");
    } catch {
      return;
    }
    for (const line of text.split("\n")) {
      if (!line) continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        continue; // a torn last line from a crash mid-write: that change never completed
      }
      this.apply(record);
    }
  }

  /** Where each replayed invoice / payment sits in its node's array, so a long journal replays in O(n). */
  private readonly replayAt = new Map<string, number>();

  private apply(record: JournalRecord): void {
    if (record.t === "node") {
      const existing = this.nodes.get(record.node.name);
      if (existing) Object.assign(existing, record.node);
      else this.nodes.set(record.node.name, { ...record.node, invoices: [], payments: [] });
      return;
    }
    const node = this.nodes.get(record.node);
    if (!node) return;
    if (record.t === "invoice") {
      // An add is journalled without its node header: the add index is the invoice's own.
      node.addIndex = Math.max(node.addIndex, record.invoice.addIndex);
      upsert(this.replayAt, `i:${node.name}:${record.invoice.paymentHash}`, node.invoices, record.invoice);
    } else {
      upsert(this.replayAt, `p:${node.name}:${record.payment.paymentIndex}`, node.payments, record.payment);
    }
  }

  /** Writes the full snapshot and empties the journal. */
  compact(): void {
    this.flushSync();
    const state: StateFile = { version: 1, nodes: [...this.nodes.values()] };
    const tmp = `${this.snapshotFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    renameSync(tmp, this.snapshotFile);
    this.journalFd ??= openSync(this.journalFile, "a", 0o600);
    ftruncateSync(this.journalFd, 0);
    this.journalRecords = 0;
    this.snapshotRecords = state.nodes.reduce(
      (n, node) => n + 1 + node.invoices.length + node.payments.length,
      0,
    );
  }

  /**
   * Queues changed records (already applied in memory) for the next group write; resolves once they
   * are written. A change spanning records (a payment) is one line group in one write.
   */
  commit(records: JournalRecord[]): Promise<void> {
    let lines = "";
    for (const r of records) lines += `${JSON.stringify(r)}\n`;
    this.pending.push(lines);
    this.journalRecords += records.length;
    if (!this.flushing) {
      this.flushing = new Promise<void>((resolve, reject) => {
        this.flushWaiters = { resolve, reject };
      });
      this.flushing.catch(() => {}); // callers that wait get the error; the others must not crash
      setImmediate(() => {
        try {
          this.flushSync();
        } catch (err) {
          console.error("simnet: journal write failed", err);
        }
      });
    }
    return this.flushing;
  }

  /** The write that carries every change queued so far, or undefined when all is written. */
  unwritten(): Promise<void> | undefined {
    return this.flushing;
  }

  /** Writes whatever is queued now (the scheduled group write; also node creation, compaction, stop). */
  flushSync(): void {
    const waiters = this.flushWaiters;
    this.flushing = undefined;
    this.flushWaiters = undefined;
    if (this.pending.length > 0) {
      const data = Buffer.from(this.pending.join(""));
      this.pending = [];
      try {
        this.journalFd ??= openSync(this.journalFile, "a", 0o600);
        for (let at = 0; at < data.length; ) at += writeSync(this.journalFd, data, at);
      } catch (err) {
        waiters?.reject(err);
        throw err;
      }
    }
    waiters?.resolve();
    if (this.journalRecords >= Math.max(COMPACT_AFTER_RECORDS, this.snapshotRecords)) this.compact();
  }

  /** Flushes and closes the journal (on stop). */
  close(): void {
    this.flushSync();
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
  }

  static nodeRecord(node: StoredNode): JournalRecord {
    const { invoices: _invoices, payments: _payments, ...header } = node;
    return { t: "node", node: header };
  }
}

function upsert<T>(at: Map<string, number>, key: string, list: T[], item: T): void {
  const index = at.get(key);
  if (index !== undefined) list[index] = item;
  else at.set(key, list.push(item) - 1);
}
