/**
 * Each simnet node's LNbits wallet: an id, an admin key and an invoice/read key, derived from the
 * node's macaroon root key so they survive restarts without a new field in the journal.
 */
import { createHash, createHmac } from "node:crypto";
import type { StoredNode } from "../state";

export interface SimnetLnbitsWallet {
  name: string;
  /** The simnet's LNbits-compatible API, e.g. http://127.0.0.1:10012. */
  url: string;
  walletId: string;
  /** Can spend: for a paying (builder) wallet and tests only. */
  adminKey: string;
  /** Invoice/read key: what a provider connects. */
  invoiceKey: string;
}

const derive = (node: StoredNode, label: string) =>
  createHmac("sha256", Buffer.from(node.rootKey, "hex")).update(`lnbits ${label}`).digest("hex").slice(0, 32);

export function lnbitsKeysOf(node: StoredNode): { walletId: string; adminKey: string; invoiceKey: string } {
  return {
    walletId: derive(node, "wallet"),
    adminKey: derive(node, "admin"),
    invoiceKey: derive(node, "invoice"),
  };
}

/** Keys are looked up by their hash, so no comparison runs over the secret itself. */
export const keyDigest = (key: string) => createHash("sha256").update(key).digest("hex");
