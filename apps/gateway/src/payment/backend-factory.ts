/**
 * The Lightning backend for each kind of wallet connection: LND's gRPC API (a real node, or the
 * simnet), an LNbits wallet's REST API, or NIP-47 for "nwc". Every new connection to the wallet
 * (gRPC channel, HTTP, relay websocket) is dialled through `dialFor` (node-dial.ts), so a stored
 * address is checked and pinned whatever the kind.
 */
import {
  createLnbitsBackend,
  createLndBackend,
  createNwcBackend,
  type LightningBackend,
  LightningError,
} from "@tollbooth/lightning";
import type { NodeDialFor } from "./node-dial";
import type { BackendFactory } from "./node-registry";

export const walletBackendFactory =
  (timeoutMs: number, dialFor: NodeDialFor): BackendFactory =>
  (c): LightningBackend => {
    switch (c.kind) {
      case "lnd":
      case "simnet":
        return createLndBackend(
          { socket: c.socket, tlsCert: c.tlsCert ?? undefined, macaroon: c.macaroon },
          { timeoutMs, dial: dialFor(c) },
        );
      case "lnbits":
        // socket: the instance's base URL; macaroon: the wallet's invoice/read key (see the migration).
        return createLnbitsBackend({ url: c.socket, key: c.macaroon }, { timeoutMs, dial: dialFor(c) });
      case "nwc":
        // The sealed secret is the whole connection string; `socket` is only its relay, for display.
        try {
          return createNwcBackend(c.macaroon, { timeoutMs, dial: dialFor(c) });
        } catch (err) {
          // A stored string that no longer parses: this tenant's calls fail (503), the rest go on.
          return failing("unauthenticated", (err as Error).message);
        }
      default:
        return failing("unreachable", `This gateway cannot use ${c.kind} wallet connections.`);
    }
  };

/** A connection that cannot work: every call fails, so the breaker answers 503 for it alone. */
function failing(code: "unreachable" | "unauthenticated", message: string): LightningBackend {
  const fail = async (): Promise<never> => {
    throw new LightningError(code, message);
  };
  return {
    createInvoice: fail,
    lookupInvoice: fail,
    pay: fail,
    health: async () => ({ ok: false, code, error: message, latencyMs: 0 }),
    subscribeSettlements: () => ({ close() {} }),
  };
}
