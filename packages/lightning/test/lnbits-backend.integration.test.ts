import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import type { SimnetLnbitsWallet } from "@tollbooth/simnet";
import {
  checkLnbitsConnection,
  closeLndClients,
  createLnbitsBackend,
  createLndBackend,
  LightningError,
  type Settlement,
} from "../src/index";
import { eventually, tempSimnet } from "./harness";

/**
 * The LNbits backend against the simnet's LNbits-compatible API: invoices, lookups, payments,
 * the connection test's verdict on each key, settlements over the websocket and by polling,
 * across an outage of the instance, and every dial through the caller's address policy.
 */
let net: Awaited<ReturnType<typeof tempSimnet>>;
let shop: SimnetLnbitsWallet;
let builder: SimnetLnbitsWallet;
let canary: Server;
let canaryPort = 0;
let canaryHits = 0;

before(async () => {
  net = await tempSimnet();
  await net.admin.createNode("lnbits-shop");
  shop = await net.admin.lnbits("lnbits-shop");
  builder = await net.admin.lnbits("builder");
  canary = createServer((s) => {
    canaryHits++;
    s.destroy();
  });
  await new Promise<void>((ok) => canary.listen(0, "127.0.0.1", () => ok()));
  canaryPort = (canary.address() as { port: number }).port;
});
after(async () => {
  await net.stop();
  await new Promise<void>((ok) => canary.close(() => ok()));
});

const code = (c: string) => (err: unknown) => err instanceof LightningError && err.code === c;
const payer = () => createLnbitsBackend({ url: builder.url, key: builder.adminKey });

function follow(websocket: boolean, afterSettleIndex = 0n, fail?: () => boolean) {
  const seen: Settlement[] = [];
  const backend = createLnbitsBackend({ url: shop.url, key: shop.invoiceKey }, { websocket, pollMs: 100 });
  const sub = backend.subscribeSettlements({
    afterSettleIndex,
    onSettlement: (s) => {
      if (fail?.()) throw new Error("database away");
      seen.push(s);
    },
  });
  return { backend, seen, sub };
}

describe("LNbits backend", () => {
  it("the connection test: invoice key receives only, admin key can spend, wrong ones are named", async () => {
    const invoice = await checkLnbitsConnection({ url: shop.url, key: shop.invoiceKey });
    assert.deepEqual(
      {
        alias: invoice.alias,
        network: invoice.network,
        capabilities: invoice.capabilities,
        canSpend: invoice.canSpend,
      },
      { alias: "lnbits-shop", network: "regtest", capabilities: ["invoice"], canSpend: false },
    );
    const admin = await checkLnbitsConnection({ url: shop.url, key: shop.adminKey });
    assert.equal(admin.canSpend, true);
    assert.deepEqual(admin.capabilities, ["invoice", "admin"]);
    await assert.rejects(
      checkLnbitsConnection({ url: shop.url, key: "a".repeat(32) }),
      code("unauthenticated"),
    );
    await assert.rejects(
      checkLnbitsConnection({ url: "http://127.0.0.1:1", key: shop.invoiceKey }),
      code("unreachable"),
    );
    await assert.rejects(
      checkLnbitsConnection({ url: "lnbits.example.com", key: shop.invoiceKey }),
      code("invalid_request"),
    );
    await assert.rejects(checkLnbitsConnection({ url: shop.url, key: "short" }), code("invalid_request"));
  });

  it("creates, pays and looks up; an invoice key cannot pay", async () => {
    const backend = createLnbitsBackend({ url: shop.url, key: shop.invoiceKey });
    const invoice = await backend.createInvoice({ amountSats: 42, memo: "lnbits test", expirySeconds: 600 });
    assert.equal((await backend.lookupInvoice(invoice.paymentHash)).state, "pending");
    await assert.rejects(backend.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 }), code("permission_denied"));
    const paid = await payer().pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
    const looked = await backend.lookupInvoice(invoice.paymentHash);
    assert.equal(looked.state, "settled");
    assert.equal(looked.receivedMsats, 42_000n);
    assert.equal(looked.preimage, paid.preimage);
    await assert.rejects(backend.lookupInvoice("0".repeat(64)), code("invoice_not_found"));
    await assert.rejects(
      backend.createInvoice({ amountSats: 0, memo: "", expirySeconds: 60 }),
      code("invalid_request"),
    );
  });

  for (const websocket of [true, false]) {
    it(`settlements ${websocket ? "over the websocket" : "by polling"}, once each; a new subscription offers them again`, async () => {
      const first = follow(websocket);
      const invoice = await first.backend.createInvoice({ amountSats: 3, memo: "ws", expirySeconds: 600 });
      await payer().pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
      const s = await eventually(() => first.seen.find((x) => x.paymentHash === invoice.paymentHash));
      assert.equal(s.receivedMsats, 3000n);
      assert.ok(s.settleIndex > 1_000_000_000_000n, "a time in ms");
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(first.seen.filter((x) => x.paymentHash === invoice.paymentHash).length, 1);
      first.sub.close();
      // Resuming at that index re-reads the margin before it: offered again (markSettled is idempotent).
      const again = follow(websocket, s.settleIndex);
      await eventually(() => again.seen.find((x) => x.paymentHash === invoice.paymentHash));
      again.sub.close();
    });
  }

  it("a handler that throws is offered the settlement again", async () => {
    let failures = 2;
    const f = follow(true, 0n, () => failures-- > 0);
    const invoice = await f.backend.createInvoice({ amountSats: 4, memo: "retry", expirySeconds: 600 });
    await payer().pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
    await eventually(() => f.seen.find((x) => x.paymentHash === invoice.paymentHash));
    f.sub.close();
  });

  it("the instance down: calls are unreachable; a payment made meanwhile arrives after it returns", async () => {
    const f = follow(true);
    const invoice = await f.backend.createInvoice({ amountSats: 5, memo: "outage", expirySeconds: 600 });
    await net.sim.lnbits.stop();
    await assert.rejects(
      f.backend.createInvoice({ amountSats: 1, memo: "", expirySeconds: 60 }),
      code("unreachable"),
    );
    assert.equal((await f.backend.health()).code, "unreachable");
    // Paid from LND gRPC while LNbits is down: its websocket never tells.
    const builderLnd = await net.admin.builder();
    await createLndBackend({
      socket: builderLnd.socket,
      tlsCert: builderLnd.tlsCert,
      macaroon: builderLnd.adminMacaroon,
    }).pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
    await net.sim.lnbits.start();
    await eventually(() => f.seen.find((x) => x.paymentHash === invoice.paymentHash));
    assert.equal((await f.backend.health()).ok, true);
    f.sub.close();
    await closeLndClients();
  });

  it("every dial goes through the caller's policy: refused addresses are never reached, names are pinned", async () => {
    const refused = createLnbitsBackend(
      { url: `http://127.0.0.1:${canaryPort}`, key: shop.invoiceKey },
      { dial: async () => Promise.reject(new Error("a private address")) },
    );
    await assert.rejects(
      refused.createInvoice({ amountSats: 1, memo: "", expirySeconds: 60 }),
      code("forbidden_address"),
    );
    await assert.rejects(
      checkLnbitsConnection(
        { url: `http://127.0.0.1:${canaryPort}`, key: shop.invoiceKey },
        {
          dial: async () => Promise.reject(new Error("no")),
        },
      ),
      code("forbidden_address"),
    );
    assert.equal(canaryHits, 0);
    // A name that does not resolve anywhere reaches the simnet only through the pinned address.
    const port = new URL(shop.url).port;
    const asked: string[] = [];
    const pinned = createLnbitsBackend(
      { url: `http://lnbits.invalid:${port}`, key: shop.invoiceKey },
      {
        dial: async (socket) => {
          asked.push(socket);
          return "127.0.0.1";
        },
      },
    );
    assert.equal((await pinned.health()).ok, true);
    assert.deepEqual(asked, [`lnbits.invalid:${port}`]);
  });
});
