import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { LightningError } from "@tollbooth/lightning";
import type { NodeConnectionConfig } from "../src/config/tenant-config";
import { walletBackendFactory } from "../src/payment/backend-factory";
import { nodeDialFor } from "../src/payment/node-dial";

/**
 * An LNbits connection's instance URL is dialled like a node socket: outside development a stored
 * loopback URL is refused before any byte is sent; in development it may be local, but never one
 * of the stack's own ports.
 */
let canary: Server;
let port = 0;
let hits = 0;
const saved = process.env.TOLLBOOTH_ENV;

before(async () => {
  canary = createServer((_req, res) => {
    hits++;
    res.end("{}");
  });
  await new Promise<void>((ok) => canary.listen(0, "127.0.0.1", () => ok()));
  port = (canary.address() as { port: number }).port;
});
after(async () => {
  process.env.TOLLBOOTH_ENV = saved;
  await new Promise<void>((ok) => canary.close(() => ok()));
});

const lnbits = (url: string): NodeConnectionConfig => ({
  id: "c1",
  tenantId: "t1",
  kind: "lnbits",
  socket: url,
  tlsCert: null,
  macaroon: "0123456789abcdef0123456789abcdef",
  settleIndex: 0n,
});
const refused = (err: unknown) => err instanceof LightningError && err.code === "forbidden_address";

describe("gateway LNbits dial", () => {
  it("outside development a loopback instance is never dialled", async () => {
    process.env.TOLLBOOTH_ENV = "production";
    const backend = walletBackendFactory(2_000, nodeDialFor(false))(lnbits(`http://127.0.0.1:${port}`));
    await assert.rejects(backend.createInvoice({ amountSats: 1, memo: "x", expirySeconds: 60 }), refused);
    assert.equal((await backend.health()).code, "forbidden_address");
    assert.equal(hits, 0);
  });

  it("in development a local instance is dialled, but not the stack's own ports", async () => {
    process.env.TOLLBOOTH_ENV = "development";
    const stack = walletBackendFactory(2_000, nodeDialFor(false))(lnbits("http://127.0.0.1:10010"));
    await assert.rejects(stack.lookupInvoice("0".repeat(64)), refused);
    const local = walletBackendFactory(2_000, nodeDialFor(false))(lnbits(`http://127.0.0.1:${port}`));
    await assert.rejects(
      local.lookupInvoice("0".repeat(64)),
      (err: unknown) => err instanceof LightningError && err.code === "node_error",
    );
    assert.equal(hits, 1, "dialled: the canary answered (not like LNbits)");
  });
});
