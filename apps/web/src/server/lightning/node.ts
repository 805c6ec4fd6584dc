import { checkNodeConnection, createLndBackend, type NodeCredentials } from "@tollbooth/lightning";
import { dialNode } from "./check-node-socket";

/**
 * The web app's only doorway to a Lightning node. A connection test proves the node answers and
 * that the macaroon is least-privilege (an admin macaroon is refused: the gateway only needs to
 * create and watch invoices, never to spend). Every dial is resolved, checked and pinned first
 * (check-node-socket.ts): a refused address is a failed test, and nothing is dialled.
 */
export interface NodeCheck {
  ok: boolean;
  pubkey: string | null;
  alias: string | null;
  network: string | null;
  capabilities: string[];
  canSpend: boolean;
  latencyMs: number;
  /** Plain-words reason when not ok. */
  error: string | null;
}

/** A test that did not pass: nothing is known of the wallet but how long it took to fail, and why. */
export function failedCheck(started: number, error: string): NodeCheck {
  return {
    ok: false,
    pubkey: null,
    alias: null,
    network: null,
    capabilities: [],
    canSpend: false,
    latencyMs: Math.round(performance.now() - started),
    error,
  };
}

export async function testNode(creds: NodeCredentials): Promise<NodeCheck> {
  const started = performance.now();
  try {
    const report = await checkNodeConnection(creds, { dial: dialNode });
    return {
      ok: true,
      pubkey: null,
      alias: null,
      network: null,
      capabilities: [],
      canSpend: false,
      latencyMs: report.latencyMs,
      error: null,
    };
  } catch (err) {
    return failedCheck(started, err instanceof Error ? err.message : "The node did not answer.");
  }
}

/** Pays an invoice from a wallet whose credentials may spend (the simnet builder wallet). */
export async function payInvoice(creds: NodeCredentials, bolt11: string) {
  const backend = createLndBackend(creds, { dial: dialNode });
  return backend.pay({ bolt11, maxFeeSats: 10 });
}
