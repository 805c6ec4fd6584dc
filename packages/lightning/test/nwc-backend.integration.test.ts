import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  checkNwcConnection,
  closeLndClients,
  createLndBackend,
  createNwcBackend,
  type LightningBackend,
  LightningError,
  type NwcBackend,
  openRelayCount,
  parseNwcConnectionString,
  type Settlement,
} from "../src/index";
import { eventually, failsWith, sha256, tempSimnet } from "./harness";

describe("parseNwcConnectionString", () => {
  const pk = "a".repeat(64);
  const good = `nostr+walletconnect://${pk}?relay=wss%3A%2F%2Frelay.example.com&secret=${"1".repeat(64)}`;
  test("reads a good string", () => {
    const c = parseNwcConnectionString(good);
    assert.equal(c.walletPubkey, pk);
    assert.equal(c.relayUrl, "wss://relay.example.com/");
    assert.match(c.clientPubkey, /^[0-9a-f]{64}$/);
  });
  for (const [what, raw, words] of [
    ["empty", "", /Paste the NWC connection string/],
    ["another scheme", good.replace("nostr+walletconnect", "https"), /starts with nostr\+walletconnect/],
    ["a short pubkey", good.replace(pk, "abc"), /pubkey .* 64 hex/],
    ["no relay", `nostr+walletconnect://${pk}?secret=${"1".repeat(64)}`, /names no relay/],
    ["an http relay", good.replace("wss%3A", "https%3A"), /wss:\/\//],
    ["no secret", `nostr+walletconnect://${pk}?relay=wss://r.example`, /secret must be 64 hex/],
  ] as const) {
    test(`refuses ${what} with a clear message that never echoes the secret`, () => {
      assert.throws(
        () => parseNwcConnectionString(raw),
        (err: unknown) =>
          err instanceof LightningError &&
          err.code === "invalid_request" &&
          words.test(err.message) &&
          !err.message.includes("1".repeat(64)),
      );
    });
  }
});

describe("createNwcBackend against the simnet's relay and wallet service", () => {
  let net: Awaited<ReturnType<typeof tempSimnet>>;
  let receive: string;
  let spend: string;
  let provider: NwcBackend;
  let payer: LightningBackend;
  const backends: NwcBackend[] = [];
  const nwc = (s: string) => {
    const b = createNwcBackend(s, { timeoutMs: 3_000, reconnectMinMs: 50, reconnectMaxMs: 300 });
    backends.push(b);
    return b;
  };

  before(async () => {
    net = await tempSimnet({ builderFundingSats: 100_000 });
    await net.admin.createNode("nwc-provider");
    receive = (await net.admin.nwc({ node: "nwc-provider", receiveOnly: true })).connectionString;
    spend = (await net.admin.nwc()).connectionString;
    provider = nwc(receive);
    const b = await net.admin.builder();
    payer = createLndBackend({ socket: b.socket, tlsCert: b.tlsCert, macaroon: b.adminMacaroon });
  });
  after(async () => {
    for (const b of backends) b.close();
    await closeLndClients();
    await net.stop();
  });

  test("make_invoice → pay from LND gRPC → notification settles it, lookup has the preimage", async () => {
    const seen: Settlement[] = [];
    const sub = provider.subscribeSettlements({
      afterSettleIndex: 0n,
      onSettlement: (s) => void seen.push(s),
    });
    try {
      const invoice = await provider.createInvoice({ amountSats: 21, memo: "nwc", expirySeconds: 600 });
      assert.equal((await provider.lookupInvoice(invoice.paymentHash)).state, "pending");
      const paid = await payer.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
      const s = await eventually(() => seen.find((x) => x.paymentHash === invoice.paymentHash), 5_000);
      assert.equal(s.receivedMsats, 21_000n);
      assert.ok(s.settleIndex > 0n);
      const status = await provider.lookupInvoice(invoice.paymentHash);
      assert.equal(status.state, "settled");
      assert.equal(status.preimage, paid.preimage);
      assert.equal(sha256(paid.preimage), invoice.paymentHash);
    } finally {
      sub.close();
    }
  });

  test("with notifications off, polling still delivers each settlement once", async () => {
    net.sim.nostr.setNotifications(false);
    const quiet = nwc(receive);
    const seen: Settlement[] = [];
    const sub = quiet.subscribeSettlements({
      afterSettleIndex: BigInt(Date.now()),
      onSettlement: (s) => void seen.push(s),
    });
    try {
      const invoice = await quiet.createInvoice({ amountSats: 5, memo: "polled", expirySeconds: 600 });
      await payer.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
      await eventually(() => seen.find((x) => x.paymentHash === invoice.paymentHash), 5_000);
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(seen.filter((x) => x.paymentHash === invoice.paymentHash).length, 1);
    } finally {
      sub.close();
      net.sim.nostr.setNotifications(true);
    }
  });

  test("relay down → unreachable; back → the settlement paid meanwhile is delivered", async () => {
    const seen: Settlement[] = [];
    const sub = provider.subscribeSettlements({
      afterSettleIndex: BigInt(Date.now()),
      onSettlement: (s) => void seen.push(s),
    });
    try {
      const invoice = await provider.createInvoice({ amountSats: 3, memo: "outage", expirySeconds: 600 });
      await net.sim.nostr.stopRelay();
      await failsWith(
        provider.createInvoice({ amountSats: 1, memo: "down", expirySeconds: 60 }),
        "unreachable",
      );
      await payer.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 }); // over gRPC while the relay is away
      await net.sim.nostr.startRelay();
      await eventually(() => seen.find((x) => x.paymentHash === invoice.paymentHash), 10_000);
      const again = await provider.createInvoice({ amountSats: 1, memo: "back", expirySeconds: 60 });
      assert.match(again.bolt11, /^lnbcrt/);
    } finally {
      sub.close();
    }
  });

  test("a new subscription re-reads a margin before its index: settlements at that index come again", async () => {
    const invoice = await provider.createInvoice({ amountSats: 2, memo: "margin", expirySeconds: 600 });
    await payer.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
    const index = (await provider.lookupInvoice(invoice.paymentHash)).settleIndex;
    assert.ok(index);
    const seen: Settlement[] = [];
    const sub = provider.subscribeSettlements({
      afterSettleIndex: index,
      onSettlement: (s) => void seen.push(s),
    });
    try {
      // Re-delivery is what makes a restart safe; marking settled twice is a no-op in the gateway.
      await eventually(() => seen.find((x) => x.paymentHash === invoice.paymentHash), 5_000);
    } finally {
      sub.close();
    }
  });

  test("closing a backend with a request in flight rejects that request, and nothing goes unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      // Closed at different points of the request (waiting for the subscription, publishing,
      // waiting for the answer): e.g. the provider changed wallets, or the gateway stops.
      for (const afterMs of [0, 1, 3, 10, 30]) {
        const own = nwc((await net.admin.nwc({ receiveOnly: true })).connectionString);
        await own.createInvoice({ amountSats: 1, memo: "warm", expirySeconds: 60 });
        const inFlight = own.createInvoice({ amountSats: 1, memo: "closed", expirySeconds: 60 });
        await new Promise((r) => setTimeout(r, afterMs));
        own.close();
        await inFlight.then(
          () => {}, // answered before the close: fine
          (err: unknown) => assert.ok(err instanceof LightningError, String(err)),
        );
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(unhandled, [], "a rejection nobody awaited would take the gateway down");
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("a subscription started while the relay is down hears notifications once it is back", async () => {
    await net.sim.nostr.stopRelay();
    const late = nwc(receive);
    const seen: Settlement[] = [];
    const sub = late.subscribeSettlements({
      afterSettleIndex: BigInt(Date.now()),
      onSettlement: (s) => void seen.push(s),
    });
    try {
      await new Promise((r) => setTimeout(r, 700));
      await net.sim.nostr.startRelay();
      let made: Awaited<ReturnType<NwcBackend["createInvoice"]>> | undefined;
      for (let i = 0; i < 50 && !made; i++) {
        made = await late
          .createInvoice({ amountSats: 4, memo: "late", expirySeconds: 600 })
          .catch(() => undefined);
        if (!made) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(made, "the relay came back");
      await new Promise((r) => setTimeout(r, 300)); // the reconnect's reconciliation is done
      await payer.pay({ bolt11: made.bolt11, maxFeeSats: 0 });
      // Well before the once-a-minute reconciliation of a notifying wallet: the notification arrived.
      await eventually(() => seen.find((x) => x.paymentHash === made.paymentHash), 2_000);
    } finally {
      sub.close();
    }
  });

  test("every backend on one relay shares one connection", async () => {
    const a = nwc(receive);
    const b = nwc(spend);
    await Promise.all([a.health(), b.health()]);
    assert.equal(openRelayCount(), 1);
  });

  test("checkNwcConnection tells a receiving string from a spending one", async () => {
    const r = await checkNwcConnection(receive, { timeoutMs: 3_000 });
    assert.equal(r.canSpend, false);
    assert.equal(r.alias, "nwc-provider");
    assert.equal(r.network, "regtest");
    assert.ok(r.capabilities.includes("make_invoice"));
    assert.ok(!r.capabilities.includes("pay_invoice"));
    const s = await checkNwcConnection(spend, { timeoutMs: 3_000 });
    assert.equal(s.canSpend, true);
    assert.ok(s.capabilities.includes("pay_invoice"));
  });

  test("a spending string pays; a receiving one cannot", async () => {
    const invoice = await provider.createInvoice({ amountSats: 7, memo: "nwc pays", expirySeconds: 600 });
    await failsWith(provider.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 }), "permission_denied");
    const wallet = nwc(spend);
    const before = await wallet.balance?.();
    const paid = await wallet.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
    assert.equal(sha256(paid.preimage), invoice.paymentHash);
    const afterBalance = await wallet.balance?.();
    assert.equal((before?.sats ?? 0) - (afterBalance?.sats ?? 0), 7);
    await failsWith(wallet.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 }), "payment_failed");
  });

  test("a string for a wallet nobody runs fails the check clearly", async () => {
    const parsed = parseNwcConnectionString(receive);
    const stranger = `nostr+walletconnect://${"b".repeat(64)}?relay=${encodeURIComponent(parsed.relayUrl)}&secret=${"2".repeat(64)}`;
    const err = await failsWith(checkNwcConnection(stranger, { timeoutMs: 2_000 }), "unauthenticated");
    assert.match(err.message, /no info event/);
  });
});
