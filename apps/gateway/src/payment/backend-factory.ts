/**
 * The Lightning backend for each kind of wallet connection: LND's gRPC API (a real node, or the
 * simnet), or an LNbits wallet's REST API. Every new connection to the wallet is dialled through
 * `dialFor` (node-dial.ts), so a stored address is checked and pinned whatever the kind.
 */
import { createLnbitsBackend, createLndBackend } from "@tollbooth/lightning";
import type { NodeDialFor } from "./node-dial";
import type { BackendFactory } from "./node-registry";

export const walletBackendFactory =
  (timeoutMs: number, dialFor: NodeDialFor): BackendFactory =>
  (c) => {
    switch (c.kind) {
      case "lnbits":
        // socket: the instance's base URL; macaroon: the wallet's invoice/read key (see the migration).
        return createLnbitsBackend({ url: c.socket, key: c.macaroon }, { timeoutMs, dial: dialFor(c) });
      default:
        return createLndBackend(
          { socket: c.socket, tlsCert: c.tlsCert ?? undefined, macaroon: c.macaroon },
          { timeoutMs, dial: dialFor(c) },
        );
    }
  };
