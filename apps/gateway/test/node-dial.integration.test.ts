import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { closeLndClients, LightningError } from "@tollbooth/lightning";
import type { NodeConnectionConfig } from "../src/config/tenant-config";
import { walletBackendFactory } from "../src/payment/backend-factory";
import { nodeDialFor } from "../src/payment/node-dial";
import { type Canary, startCanary } from "./helpers/upstreams";

/**
 * The gateway dials a tenant's node only at an address the guard allows, resolved once per
 * connection: a stored private socket, or a name whose DNS answer turns private, never reaches
 * the canary listening there.
 */
// Never parsed: every dial here is refused (or only resolved) before credentials are used.
const MACAROON = `0201${"ab".repeat(40)}`;
let canary: Canary;
let port = 0;

before(async () => {
  canary = await startCanary();
  port = canary.port;
});
after(async () => {
  await closeLndClients();
  await canary.close();
});

function connection(socket: string, kind: "lnd" | "simnet" = "lnd"): NodeConnectionConfig {
  return { id: "c1", tenantId: "t1", kind, socket, tlsCert: null, macaroon: MACAROON, settleIndex: 0n };
}

const refused = (err: unknown) => err instanceof LightningError && err.code === "forbidden_address";

describe("gateway node dial", () => {
  it("a stored loopback socket of an LND connection is refused, never dialled", async () => {
    const factory = walletBackendFactory(2_000, nodeDialFor(false));
    for (const socket of [`127.0.0.1:${port}`, `[::1]:${port}`]) {
      const backend = factory(connection(socket));
      await assert.rejects(
        backend.createInvoice({ amountSats: 1, memo: "x", expirySeconds: 60 }),
        refused,
        socket,
      );
      assert.equal((await backend.health()).code, "forbidden_address");
    }
    assert.equal(canary.connections, 0);
  });

  it("a name that resolves public, then private on the re-dial, is refused at the re-dial", async () => {
    let asked = 0;
    const lookup = async () => (asked++ === 0 ? ["93.184.216.34"] : ["127.0.0.1"]);
    const dial = nodeDialFor(false, lookup)(connection(`node.attacker.example:${port}`));
    assert.equal(await dial(`node.attacker.example:${port}`), "93.184.216.34");
    await assert.rejects(dial(`node.attacker.example:${port}`), /public address/);
    assert.equal(asked, 2);
    assert.equal(canary.connections, 0);
  });

  it("simnet connections may be local, but never on the stack's other ports", async () => {
    const dial = nodeDialFor(false)(connection("127.0.0.1:10010", "simnet"));
    await assert.rejects(dial("127.0.0.1:10010"), /own services/);
    assert.equal(
      await nodeDialFor(false)(connection(`127.0.0.1:${port}`, "simnet"))(`127.0.0.1:${port}`),
      "127.0.0.1",
    );
  });
});
