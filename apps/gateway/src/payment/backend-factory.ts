/**
 * The gateway's LightningBackend for each kind of wallet connection: LND's gRPC API for "lnd" and
 * "simnet", NIP-47 for "nwc". Every new connection (gRPC channel or relay websocket) is dialled
 * through `dialFor` (node-dial.ts).
 */
import {
  createLndBackend,
  createNwcBackend,
  type LightningBackend,
  LightningError,
} from "@tollbooth/lightning";
import type { NodeDialFor } from "./node-dial";
import type { BackendFactory } from "./node-registry";

export function walletBackendFactory(timeoutMs: number, dialFor: NodeDialFor): BackendFactory {
  return (c): LightningBackend => {
    switch (c.kind) {
      case "lnd":
      case "simnet":
        return createLndBackend(
          { socket: c.socket, tlsCert: c.tlsCert ?? undefined, macaroon: c.macaroon },
          { timeoutMs, dial: dialFor(c) },
        );
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
}

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
