import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { LightningError } from "@tollbooth/lightning";
import type { NodeConnectionConfig } from "../src/config/tenant-config";
import { walletBackendFactory } from "../src/payment/backend-factory";
import { nodeDialFor } from "../src/payment/node-dial";
import { type Canary, startCanary } from "./helpers/upstreams";

/**
 * An NWC connection's relay is dialled only where the rules allow: a public server in production,
 * loopback too in development (the simnet's relay), never metadata or the stack's own ports.
 */
let canary: Canary;
let port = 0;

before(async () => {
  canary = await startCanary();
  port = canary.port;
});
after(async () => {
  await canary.close();
});

const nwc = (relay: string): NodeConnectionConfig => ({
  id: "c-nwc",
  tenantId: "t1",
  kind: "nwc",
  socket: relay,
  tlsCert: null,
  macaroon: `nostr+walletconnect://${"a".repeat(64)}?relay=${encodeURIComponent(relay)}&secret=${"1".repeat(64)}`,
  settleIndex: 0n,
});

describe("gateway dial of NWC relays", () => {
  it("production: loopback, private and metadata relays are refused; a public one passes", async () => {
    const lookup = async (host: string) => (host === "relay.example.com" ? ["93.184.216.34"] : ["10.0.0.7"]);
    const dial = nodeDialFor(false, lookup, false)(nwc("wss://x"));
    for (const socket of [`127.0.0.1:${port}`, "10.1.2.3:443", "169.254.169.254:80", "inside.example:443"]) {
      await assert.rejects(dial(socket), /public server|metadata|public address/, socket);
    }
    assert.equal(await dial("relay.example.com:443"), "93.184.216.34");
  });

  it("development: loopback passes; private, metadata and the stack's ports do not", async () => {
    const dial = nodeDialFor(false, undefined, true)(nwc("ws://x"));
    assert.equal(await dial(`127.0.0.1:${port}`), "127.0.0.1");
    await assert.rejects(dial("10.1.2.3:443"), /public server/);
    await assert.rejects(dial("169.254.169.254:80"), /metadata/);
    await assert.rejects(dial("127.0.0.1:8402"), /Tollbooth's own services/);
  });

  it("a refused relay is never connected to: the backend fails forbidden_address", async () => {
    const backend = walletBackendFactory(
      2_000,
      nodeDialFor(false, undefined, false),
    )(nwc(`ws://127.0.0.1:${port}`));
    await assert.rejects(
      backend.createInvoice({ amountSats: 1, memo: "x", expirySeconds: 60 }),
      (err: unknown) => err instanceof LightningError && err.code === "forbidden_address",
    );
    backend.close?.();
    assert.equal(canary.connections, 0);
  });
});
