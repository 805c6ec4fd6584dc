import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  createInvoice,
  decodePaymentRequest,
  type GetInvoiceResult,
  getChannelBalance,
  getInvoice,
  getInvoices,
  getWalletInfo,
  pay,
  subscribeToInvoices,
} from "ln-service";
import { eventually, sleep, tempSimnet } from "./harness";

const sha256 = (hex: string) => createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex");
// getInvoice returns these at run time; the lightning package's type definitions omit them.
type Indexed = { confirmed_index?: number; index: number };
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** ln-service rejects with [code, name, { err }]; this returns LND's own words. */
async function rejection(work: Promise<unknown>): Promise<{ name: string; details: string }> {
  try {
    await work;
  } catch (err) {
    const [, name, extra] = err as [number, string, { err?: { details?: string } } | undefined];
    return { name, details: extra?.err?.details ?? "" };
  }
  assert.fail("expected the call to fail");
}

describe("the simnet answers the real ln-service calls over TLS gRPC", () => {
  let net: Awaited<ReturnType<typeof tempSimnet>>;
  let provider: ReturnType<typeof net.lnd>;
  let providerAdmin: ReturnType<typeof net.lnd>;
  let builder: ReturnType<typeof net.lnd>;
  let providerPubkey: string;

  before(async () => {
    net = await tempSimnet({ builderFundingSats: 50_000 });
    const p = await net.admin.createNode("acme-weather");
    const b = await net.admin.builder();
    providerPubkey = p.pubkey;
    provider = net.lnd(p, p.macaroon);
    providerAdmin = net.lnd(p, p.adminMacaroon);
    builder = net.lnd(b, b.adminMacaroon);
  });
  after(() => net.stop());

  test("createInvoice → getInvoice → decodePaymentRequest: a signed lnbcrt invoice, pending", async () => {
    const inv = await createInvoice({
      lnd: provider,
      tokens: 21,
      description: "weather call",
      expires_at: inMinutes(10),
    });
    assert.match(inv.request, /^lnbcrt210n1/);
    assert.equal(inv.tokens, 21);
    const got = await getInvoice({ lnd: provider, id: inv.id });
    assert.equal(got.is_confirmed, false);
    assert.equal(got.description, "weather call");
    assert.equal(got.received, 0);
    assert.equal(sha256(got.secret), inv.id, "payment hash = sha256(preimage)");
    const decoded = await decodePaymentRequest({ lnd: builder, request: inv.request });
    assert.equal(decoded.destination, providerPubkey, "signed by the provider node's key");
    assert.equal(decoded.id, inv.id);
    assert.equal(decoded.tokens, 21);
  });

  test("pay settles the invoice at once and moves the balance; subscribeToInvoices sees it", async () => {
    const seen: Array<{ id: string; is_confirmed: boolean; confirmed_index?: number }> = [];
    const sub = subscribeToInvoices({ lnd: provider });
    sub.on("invoice_updated", (i: (typeof seen)[number]) => seen.push(i));
    sub.on("error", () => {});
    await sleep(100); // let the stream open before the invoice exists
    const before = await getChannelBalance({ lnd: builder });
    const inv = await createInvoice({
      lnd: provider,
      tokens: 100,
      description: "x",
      expires_at: inMinutes(10),
    });
    const paid = await pay({ lnd: builder, request: inv.request, max_fee: 5 });
    assert.equal(sha256(paid.secret), inv.id);
    assert.equal(paid.tokens, 100);
    const got = await getInvoice({ lnd: provider, id: inv.id });
    assert.equal(got.is_confirmed, true);
    assert.equal(got.received, 100);
    const afterBalance = await getChannelBalance({ lnd: builder });
    assert.equal(afterBalance.channel_balance, before.channel_balance - 100);
    const providerBalance = await getChannelBalance({ lnd: providerAdmin });
    assert.ok(providerBalance.channel_balance >= 100);
    const settledEvent = await eventually(() => seen.find((e) => e.id === inv.id && e.is_confirmed));
    assert.ok((settledEvent.confirmed_index ?? 0) >= 1);
    assert.ok(
      seen.some((e) => e.id === inv.id && !e.is_confirmed),
      "the add event came first",
    );
    sub.removeAllListeners();
  });

  test("getInvoices pages newest first with a token", async () => {
    for (let i = 0; i < 3; i++) {
      await createInvoice({
        lnd: provider,
        tokens: 1 + i,
        description: `page ${i}`,
        expires_at: inMinutes(10),
      });
    }
    const first = await getInvoices({ lnd: provider, limit: 2 });
    assert.equal(first.invoices.length, 2);
    assert.ok(first.next);
    const second = await getInvoices({ lnd: provider, token: first.next });
    assert.ok(second.invoices.length >= 1);
    const ids = new Set([...first.invoices, ...second.invoices].map((i) => i.id));
    assert.equal(ids.size, first.invoices.length + second.invoices.length, "no invoice on two pages");
  });

  test("paying twice fails, from the same payer and from another node", async () => {
    const inv = await createInvoice({
      lnd: provider,
      tokens: 7,
      description: "once",
      expires_at: inMinutes(10),
    });
    await pay({ lnd: builder, request: inv.request });
    const again = await rejection(pay({ lnd: builder, request: inv.request }));
    assert.match(again.details, /already paid/);
    const other = await net.admin.createNode("other-payer");
    const otherLnd = net.lnd(other, other.adminMacaroon);
    // fund it so the only reason to fail is the settled invoice
    const topUp = await createInvoice({
      lnd: net.lnd(other, other.macaroon),
      tokens: 50,
      expires_at: inMinutes(10),
    });
    await pay({ lnd: builder, request: topUp.request });
    const byOther = await rejection(pay({ lnd: otherLnd, request: inv.request }));
    assert.equal(byOther.name, "PaymentRejectedByDestination");
    assert.equal((await getInvoice({ lnd: provider, id: inv.id })).received, 7, "received once");
  });

  test("an expired invoice cannot be paid and never reads settled", async () => {
    const inv = await createInvoice({
      lnd: provider,
      tokens: 3,
      description: "short",
      expires_at: new Date(Date.now() + 1_500).toISOString(),
    });
    await sleep(2_100);
    const err = await rejection(pay({ lnd: builder, request: inv.request }));
    assert.match(err.details, /invoice expired/);
    const got = await getInvoice({ lnd: provider, id: inv.id });
    assert.equal(got.is_confirmed, false);
    assert.equal(got.is_canceled, true, "LND cancels expired invoices");
  });

  test("an underpayment is refused and the invoice stays unpaid", async () => {
    const inv = await createInvoice({
      lnd: provider,
      tokens: 40,
      description: "full price",
      expires_at: inMinutes(10),
    });
    const err = await rejection(pay({ lnd: builder, request: inv.request, tokens: 10 }));
    assert.match(err.details, /amount must not be specified/);
    const got = await getInvoice({ lnd: provider, id: inv.id });
    assert.equal(got.is_confirmed, false);
    assert.equal(got.received, 0);
  });

  test("injected failures fail the payment without settling; a balance too low is reported", async () => {
    net.sim.conditions.failureRate = 1;
    try {
      const inv = await createInvoice({ lnd: provider, tokens: 5, expires_at: inMinutes(10) });
      const err = await rejection(pay({ lnd: builder, request: inv.request }));
      assert.equal(err.name, "PaymentPathfindingFailedToFindPossibleRoute");
      assert.equal((await getInvoice({ lnd: provider, id: inv.id })).is_confirmed, false);
    } finally {
      net.sim.conditions.failureRate = 0;
    }
    const big = await createInvoice({ lnd: provider, tokens: 10_000_000, expires_at: inMinutes(10) });
    const poor = await rejection(pay({ lnd: builder, request: big.request }));
    assert.equal(poor.name, "InsufficientBalanceToAttemptPayment");
  });

  test("macaroon permissions are enforced per RPC, as in LND", async () => {
    const denied = await rejection(getWalletInfo({ lnd: provider }));
    assert.match(denied.details, /permission denied/);
    const inv = await createInvoice({ lnd: providerAdmin, tokens: 2, expires_at: inMinutes(10) });
    const cannotPay = await rejection(pay({ lnd: provider, request: inv.request }));
    assert.match(cannotPay.details, /permission denied/);
    const info = await getWalletInfo({ lnd: providerAdmin });
    assert.equal(info.public_key, providerPubkey);
  });

  test("a macaroon baked by another simnet's node is rejected", async () => {
    const elsewhere = await tempSimnet();
    try {
      const foreign = await elsewhere.admin.createNode("acme-weather");
      const p = await net.admin.getNode("acme-weather");
      const err = await rejection(getInvoices({ lnd: net.lnd(p, foreign.macaroon), limit: 1 }));
      assert.match(err.details, /verification failed/);
      const stranger = await elsewhere.admin.createNode("stranger");
      const err2 = await rejection(getInvoices({ lnd: net.lnd(p, stranger.macaroon), limit: 1 }));
      assert.match(err2.details, /root key with id stranger doesn't exist/);
    } finally {
      await elsewhere.stop();
    }
  });

  test("state survives a restart: invoices, settle indexes, add indexes", async () => {
    const inv = await createInvoice({ lnd: provider, tokens: 9, expires_at: inMinutes(10) });
    await pay({ lnd: builder, request: inv.request });
    const settledBefore = (await getInvoice({ lnd: provider, id: inv.id })) as GetInvoiceResult & Indexed;
    await net.restart();
    const settledAfter = await eventually(async () => {
      try {
        return (await getInvoice({ lnd: provider, id: inv.id })) as GetInvoiceResult & Indexed;
      } catch {
        return undefined;
      }
    });
    assert.equal(settledAfter.is_confirmed, true);
    assert.equal(settledAfter.confirmed_index, settledBefore.confirmed_index);
    assert.equal(settledAfter.secret, settledBefore.secret);
    const next = await createInvoice({ lnd: provider, tokens: 1, expires_at: inMinutes(10) });
    const nextInvoice = (await getInvoice({ lnd: provider, id: next.id })) as unknown as Indexed;
    assert.equal(nextInvoice.index, settledAfter.index + 1);
  });
});
