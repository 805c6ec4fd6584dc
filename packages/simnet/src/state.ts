import { appendFileSync, chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The simnet's whole world, kept like a database would: a snapshot (`state.json`) plus an
 * append-only journal (`journal.ndjson`) with one line per changed node, invoice or payment.
 * A change costs one append whatever the history size; a change that spans records (a payment:
 * two balances, an invoice, a payment) is one write. On start the journal is replayed onto the
 * snapshot and compacted, so a restart finds every invoice with its add and settle indexes intact.
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

const COMPACT_AFTER_RECORDS = 50_000;

export class SimnetStore {
  readonly nodes = new Map<string, StoredNode>();
  private readonly snapshotFile: string;
  private readonly journalFile: string;
  private journalRecords = 0;

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
    this.replayJournal();
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
      const at = node.invoices.findIndex((i) => i.paymentHash === record.invoice.paymentHash);
      if (at >= 0) node.invoices[at] = record.invoice;
      else node.invoices.push(record.invoice);
    } else {
      const at = node.payments.findIndex((p) => p.paymentIndex === record.payment.paymentIndex);
      if (at >= 0) node.payments[at] = record.payment;
      else node.payments.push(record.payment);
    }
  }

  /** Writes the full snapshot and empties the journal. */
  compact(): void {
    const state: StateFile = { version: 1, nodes: [...this.nodes.values()] };
    const tmp = `${this.snapshotFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    renameSync(tmp, this.snapshotFile);
    writeFileSync(this.journalFile, "", { mode: 0o600 });
    this.journalRecords = 0;
  }

  /** Persists changed records (already applied in memory) in one append. */
  commit(records: JournalRecord[]): void {
    appendFileSync(this.journalFile, records.map((r) => `${JSON.stringify(r)}\n`).join(""), { mode: 0o600 });
    this.journalRecords += records.length;
    if (this.journalRecords >= COMPACT_AFTER_RECORDS) this.compact();
  }

  static nodeRecord(node: StoredNode): JournalRecord {
    const { invoices: _invoices, payments: _payments, ...header } = node;
    return { t: "node", node: header };
  }
}
