import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { SimnetNodeCredentials } from "@tollbooth/simnet";
import { parsePaymentRequest } from "ln-service";
import {
  checkNodeConnection,
  closeLndClients,
  createLndBackend,
  type LightningBackend,
  type Settlement,
} from "../src/index";
import { eventually, failsWith, sha256, sleep, tempSimnet } from "./harness";

describe("createLndBackend against the simnet", () => {
  let net: Awaited<ReturnType<typeof tempSimnet>>;
  let providerCreds: SimnetNodeCredentials;
  let provider: LightningBackend;
  let wallet: LightningBackend;

  before(async () => {
    net = await tempSimnet({ builderFundingSats: 100_000 });
    providerCreds = await net.admin.createNode("tenant-1");
    const b = await net.admin.builder();
    provider = createLndBackend({ ...providerCreds, macaroon: providerCreds.macaroon });
    wallet = createLndBackend({ socket: b.socket, tlsCert: b.tlsCert, macaroon: b.adminMacaroon });
  });
  after(async () => {
    await closeLndClients();
    await net.stop();
  });

  test("create, look up, pay, settled", async () => {
    const inv = await provider.createInvoice({ amountSats: 42, memo: "one call", expirySeconds: 600 });
    assert.match(inv.bolt11, /^lnbcrt/);
    assert.equal(inv.amountSats, 42);
    assert.ok(inv.expiresAt.getTime() > Date.now());
    // The expiry we report is exactly the one signed into the invoice.
    assert.equal(
      inv.expiresAt.getTime(),
      Date.parse(parsePaymentRequest({ request: inv.bolt11 }).expires_at),
    );
    const pending = await provider.lookupInvoice(inv.paymentHash);
    assert.equal(pending.state, "pending");
    assert.equal(pending.receivedMsats, 0n);
    assert.equal(pending.settleIndex, undefined);
    assert.equal(pending.preimage, undefined, "no preimage before settlement (LND knows it already)");

    const paid = await wallet.pay({ bolt11: inv.bolt11, maxFeeSats: 10 });
    assert.equal(sha256(paid.preimage), inv.paymentHash);
    assert.equal(paid.paymentHash, inv.paymentHash);
    const settled = await provider.lookupInvoice(inv.paymentHash);
    assert.equal(settled.state, "settled");
    assert.equal(settled.receivedMsats, 42_000n);
    assert.ok(settled.settleIndex && settled.settleIndex >= 1n);
    assert.ok(settled.settledAt instanceof Date);
    assert.equal(settled.preimage, paid.preimage.toLowerCase(), "the settled invoice reports its preimage");
  });

  test("paying twice fails with already_paid; the invoice was paid once", async () => {
    const inv = await provider.createInvoice({ amountSats: 5, memo: "", expirySeconds: 600 });
    await wallet.pay({ bolt11: inv.bolt11, maxFeeSats: 0 });
    await failsWith(wallet.pay({ bolt11: inv.bolt11, maxFeeSats: 0 }), "already_paid");
    assert.equal((await provider.lookupInvoice(inv.paymentHash)).receivedMsats, 5_000n);
  });

  test("an expired invoice reads expired and cannot be paid", async () => {
    const inv = await provider.createInvoice({ amountSats: 3, memo: "brief", expirySeconds: 1 });
    await sleep(1_200);
    assert.equal((await provider.lookupInvoice(inv.paymentHash)).state, "expired");
    await failsWith(wallet.pay({ bolt11: inv.bolt11, maxFeeSats: 0 }), "invoice_expired");
    assert.equal((await provider.lookupInvoice(inv.paymentHash)).state, "expired");
  });

  test("a failed payment leaves the invoice pending; a balance too low is insufficient_balance", async () => {
    net.sim.conditions.failureRate = 1;
    try {
      const inv = await provider.createInvoice({ amountSats: 8, memo: "", expirySeconds: 600 });
      await failsWith(wallet.pay({ bolt11: inv.bolt11, maxFeeSats: 0 }), "payment_failed");
      assert.equal((await provider.lookupInvoice(inv.paymentHash)).state, "pending");
    } finally {
      net.sim.conditions.failureRate = 0;
    }
    const big = await provider.createInvoice({ amountSats: 10_000_000, memo: "", expirySeconds: 600 });
    await failsWith(wallet.pay({ bolt11: big.bolt11, maxFeeSats: 0 }), "insufficient_balance");
  });

  test("bad input is a typed error, not a crash", async () => {
    await failsWith(provider.lookupInvoice("nothex"), "invalid_request");
    await failsWith(provider.lookupInvoice("ab".repeat(32)), "invoice_not_found");
    await failsWith(
      provider.createInvoice({ amountSats: 0, memo: "", expirySeconds: 60 }),
      "invalid_request",
    );
    await failsWith(wallet.pay({ bolt11: "lnbcrt1garbage", maxFeeSats: 0 }), "invalid_request");
    const invoiceOnly = createLndBackend({ ...providerCreds });
    const inv = await provider.createInvoice({ amountSats: 1, memo: "", expirySeconds: 600 });
    await failsWith(invoiceOnly.pay({ bolt11: inv.bolt11, maxFeeSats: 0 }), "permission_denied");
  });

  test("health works with an invoice-only macaroon, and names the node with an admin one", async () => {
    const h = await provider.health();
    assert.equal(h.ok, true);
    assert.equal(h.pubkey, undefined);
    const full = await createLndBackend({ ...providerCreds, macaroon: providerCreds.adminMacaroon }).health();
    assert.equal(full.ok, true);
    assert.equal(full.pubkey, providerCreds.pubkey);
    const down = await createLndBackend(
      { ...providerCreds, socket: "127.0.0.1:1" },
      { timeoutMs: 5_000 },
    ).health();
    assert.equal(down.ok, false);
    assert.equal(down.code, "unreachable");
  });

  test("checkNodeConnection accepts an invoice macaroon and refuses an admin one", async () => {
    const report = await checkNodeConnection(providerCreds);
    assert.ok(report.permissions.includes("invoices:write"));
    const admin = await failsWith(
      checkNodeConnection({ ...providerCreds, macaroon: providerCreds.adminMacaroon }),
      "admin_macaroon",
    );
    assert.match(admin.message, /lncli bakemacaroon invoices:read invoices:write/);
    assert.match(admin.message, /invoice\.macaroon/);
    const readonly = await failsWith(
      checkNodeConnection({ ...providerCreds, macaroon: providerCreds.readonlyMacaroon }),
      "permission_denied",
    );
    assert.match(readonly.message, /invoices:write/);
    await failsWith(checkNodeConnection({ ...providerCreds, macaroon: "00ff" }), "invalid_request");
  });

  test("a macaroon for another node fails at connect with a clear unauthenticated error", async () => {
    const elsewhere = await tempSimnet();
    try {
      const foreign = await elsewhere.admin.createNode("tenant-1");
      const err = await failsWith(
        checkNodeConnection({ ...providerCreds, macaroon: foreign.macaroon }),
        "unauthenticated",
      );
      assert.match(err.message, /rejected the macaroon/);
      const stranger = await elsewhere.admin.createNode("stranger");
      await failsWith(
        checkNodeConnection({ ...providerCreds, macaroon: stranger.macaroon }),
        "unauthenticated",
      );
    } finally {
      await elsewhere.stop();
    }
  });

  test("the settlement stream survives drops and a simnet restart: every settlement once, in order", async () => {
    const streamed = createLndBackend(providerCreds, { reconnectMinMs: 100, reconnectMaxMs: 1_000 });
    const received: Settlement[] = [];
    const errors: string[] = [];
    const start = (await provider.lookupInvoice((await payOnce(1)).paymentHash)).settleIndex ?? 0n;
    const sub = streamed.subscribeSettlements({
      afterSettleIndex: start,
      onSettlement: (s) => void received.push(s),
      onError: (e) => void errors.push(e.code),
    });
    const paidHashes: string[] = [];
    const payMany = async (n: number) => {
      for (let i = 0; i < n; i++) paidHashes.push((await payOnce(2 + i)).paymentHash);
    };
    try {
      await payMany(2);
      await eventually(() => (received.length >= 2 ? true : undefined));
      // A dropped stream, with settlements happening before it reconnects.
      net.sim.dropSubscriptions();
      await payMany(3);
      // The whole simnet goes away and comes back on the same port with the same data.
      await net.stopOnly();
      await sleep(300);
      await net.startAgain();
      await payMany(2);
      await eventually(() => (received.length >= paidHashes.length ? true : undefined));
      await sleep(300); // give a duplicate the chance to show up
      assert.deepEqual(
        received.map((s) => s.paymentHash),
        paidHashes,
        "each settlement exactly once, in settle order",
      );
      const indexes = received.map((s) => s.settleIndex);
      assert.deepEqual(
        indexes,
        indexes.map((_, i) => start + 1n + BigInt(i)),
      );
      assert.ok(received.every((s) => s.receivedMsats > 0n));
      assert.ok(errors.includes("unreachable"), "the outage was reported");
    } finally {
      sub.close();
    }

    // Nobody listening: settlements pile up; a new subscription from the last index gets exactly those.
    const lastIndex = received.at(-1)?.settleIndex ?? 0n;
    const missed = [(await payOnce(20)).paymentHash, (await payOnce(21)).paymentHash];
    const later: Settlement[] = [];
    const sub2 = streamed.subscribeSettlements({
      afterSettleIndex: lastIndex,
      onSettlement: (s) => void later.push(s),
    });
    try {
      await eventually(() => (later.length >= 2 ? true : undefined));
      const another = (await payOnce(22)).paymentHash;
      await eventually(() => (later.length >= 3 ? true : undefined));
      await sleep(300);
      assert.deepEqual(
        later.map((s) => s.paymentHash),
        [...missed, another],
      );
    } finally {
      sub2.close();
    }
  });

  test("unpaid invoices never reach the settlement stream; a throwing handler gets the settlement again", async () => {
    const from = (await provider.lookupInvoice((await payOnce(30)).paymentHash)).settleIndex ?? 0n;
    const unpaid = await provider.createInvoice({ amountSats: 31, memo: "never paid", expirySeconds: 600 });
    const got: Settlement[] = [];
    let failOnce = true;
    const sub = createLndBackend(providerCreds, { reconnectMinMs: 50 }).subscribeSettlements({
      afterSettleIndex: from,
      onSettlement: (s) => {
        if (failOnce) {
          failOnce = false;
          throw new Error("database briefly down");
        }
        got.push(s);
      },
      onError: () => {},
    });
    try {
      const paid = await payOnce(32);
      await eventually(() => (got.length >= 1 ? true : undefined));
      await sleep(300);
      assert.deepEqual(
        got.map((s) => s.paymentHash),
        [paid.paymentHash],
      );
      assert.ok(!got.some((s) => s.paymentHash === unpaid.paymentHash));
      assert.equal((await provider.lookupInvoice(unpaid.paymentHash)).state, "pending");
    } finally {
      sub.close();
    }
  });

  async function payOnce(amountSats: number) {
    const inv = await provider.createInvoice({
      amountSats,
      memo: `settle ${amountSats}`,
      expirySeconds: 600,
    });
    await wallet.pay({ bolt11: inv.bolt11, maxFeeSats: 0 });
    return inv;
  }
});
