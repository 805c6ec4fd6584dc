import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The simnet's whole world, persisted as one JSON file under the data dir. Written atomically
 * (temp file + rename) after every change, so a restart finds every invoice with its add and
 * settle indexes intact, exactly as LND's channel.db would keep them.
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

export class SimnetStore {
  readonly nodes = new Map<string, StoredNode>();
  private readonly file: string;

  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, "state.json");
    let parsed: StateFile | undefined;
    try {
      parsed = JSON.parse(readFileSync(this.file, "utf8")) as StateFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`simnet state at ${this.file} is unreadable: ${(err as Error).message}`);
      }
    }
    for (const node of parsed?.nodes ?? []) this.nodes.set(node.name, node);
  }

  save(): void {
    const state: StateFile = { version: 1, nodes: [...this.nodes.values()] };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, this.file);
  }
}
