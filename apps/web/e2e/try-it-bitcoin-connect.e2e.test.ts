import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { simnetAdmin } from "@tollbooth/simnet/client";
import type { Browser, Page } from "playwright-core";
import { launchChromium, requireEnv, text } from "./browser";
import { challenged } from "./try-it-page";

/**
 * Try it with a wallet the visitor already has, through Bitcoin Connect: the visitor clicks
 * "Connect a wallet", picks NWC in Bitcoin Connect's own modal (web components, open shadow DOM),
 * pastes the connection string of their wallet — here a simnet node of their own, served by the
 * simnet's Nostr relay and NIP-47 wallet service over ws://127.0.0.1 — and the page pays the 402's
 * invoice with it and shows the upstream's answer. The simnet's ledger says what was paid.
 * On the demo quotes API's `GET /:id` (10 calls × 10 sats = 100 sats a bundle).
 */
const web = requireEnv("E2E_WEB_URL").replace(/\/+$/, "");
const simnetUrl = requireEnv("TOLLBOOTH_SIMNET_ADMIN");
const admin = simnetAdmin(simnetUrl);
const CONNECT = "Connect a wallet (Nostr Wallet Connect, Alby…)";

let browser: Browser;
let builder: LightningBackend;
let provider: LightningBackend;
let visitor: { name: string; backend: LightningBackend; nwc: string; receiveOnlyNwc: string };

const balanceOf = async (wallet: LightningBackend) => {
  if (!wallet.balance) throw new Error("the backend reports no balance");
  return (await wallet.balance()).sats;
};

/** The visitor node's outgoing payments, from the simnet's own ledger (its LNbits view). */
async function paymentsOf(name: string) {
  const w = await admin.lnbits(name);
  const res = await fetch(`${w.url}/api/v1/payments?limit=100`, { headers: { "x-api-key": w.adminKey } });
  assert.equal(res.status, 200);
  const all = (await res.json()) as {
    amount: number;
    bolt11: string;
    payment_hash: string;
    status: string;
  }[];
  return all.filter((p) => p.amount < 0);
}

before(async () => {
  browser = await launchChromium();
  const b = await admin.builder();
  builder = createLndBackend({ socket: b.socket, tlsCert: b.tlsCert, macaroon: b.adminMacaroon });
  const p = await admin.getNode("demo-provider"); // the seeded quotes API's wallet (seed-demo.ts)
  provider = createLndBackend({ socket: p.socket, tlsCert: p.tlsCert, macaroon: p.macaroon });
  // The visitor's own wallet: a simnet node funded once from the builder wallet, reached over NWC.
  const name = `bc-visitor-${randomBytes(4).toString("hex")}`;
  const v = await admin.createNode(name);
  const funding = await createLndBackend({
    socket: v.socket,
    tlsCert: v.tlsCert,
    macaroon: v.macaroon,
  }).createInvoice({ amountSats: 1_000, memo: "fund the e2e visitor", expirySeconds: 600 });
  await builder.pay({ bolt11: funding.bolt11, maxFeeSats: 10 });
  visitor = {
    name,
    backend: createLndBackend({ socket: v.socket, tlsCert: v.tlsCert, macaroon: v.adminMacaroon }),
    nwc: (await admin.nwc({ node: name })).connectionString,
    receiveOnlyNwc: (await admin.nwc({ node: name, receiveOnly: true })).connectionString,
  };
});
after(async () => {
  await browser?.close();
  await closeLndClients();
});

/** What a visitor does in Bitcoin Connect's modal: NWC, paste the string, Connect. */
async function connectInModal(page: Page, connectionString: string) {
  const modal = page.locator("bc-modal");
  await modal.getByRole("button", { name: "Connect with NWC", exact: true }).click();
  await modal.getByPlaceholder("nostr+walletconnect://...").fill(connectionString);
  await modal.getByRole("button", { name: "Connect", exact: true }).click();
}

test("a visitor connects their NWC wallet in Bitcoin Connect's modal, pays the 402 and sees the answer", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const cspViolations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(`${web}/hub/quotes`);
  const invoice = await challenged(page, "/3");
  assert.equal(
    await page.evaluate(() => customElements.get("bc-modal") === undefined),
    true,
    "Bitcoin Connect is not loaded before it is asked for",
  );

  const visitorBefore = await balanceOf(visitor.backend);
  const builderBefore = await balanceOf(builder);
  await page.getByRole("button", { name: CONNECT }).click();
  await connectInModal(page, visitor.nwc);

  await page.getByTestId("response").waitFor({ timeout: 60_000 });
  assert.match(await text(page.getByTestId("response")), /Response\s*200/);
  assert.match(await text(page.getByTestId("response-body")), /"id"\s*:\s*3/);
  assert.match(await text(page.getByTestId("steps")), /Paid with your wallet through Bitcoin Connect/);

  // The simnet's ledger: exactly one payment, of the quoted 100 sats, for the page's invoice,
  // settled on the provider's node; nobody else paid.
  const paid = await paymentsOf(visitor.name);
  assert.equal(paid.length, 1, "one payment from the visitor's wallet");
  assert.equal(paid[0]?.amount, -100_000, "100 sats (msat, outgoing)");
  assert.equal(paid[0]?.bolt11, invoice);
  assert.equal(paid[0]?.status, "success");
  const settled = await provider.lookupInvoice(paid[0]?.payment_hash ?? "");
  assert.equal(settled.state, "settled");
  assert.equal(settled.amountSats, 100);
  assert.equal(await balanceOf(visitor.backend), visitorBefore - 100);
  assert.equal(await balanceOf(builder), builderBefore, "the page's test wallet paid nothing");

  // The connection is kept (Bitcoin Connect's localStorage): after a reload the button names the
  // wallet and pays without the modal. The saved token is forgotten first so a new 402 comes.
  await page.reload();
  await page.getByRole("button", { name: "Forget token" }).click();
  await challenged(page, "/4");
  const pay = page.getByRole("button", { name: `Pay with ${visitor.name} (NWC)` });
  await pay.waitFor({ timeout: 30_000 });
  await pay.click();
  await page.getByTestId("response").waitFor({ timeout: 60_000 });
  assert.match(await text(page.getByTestId("response-body")), /"id"\s*:\s*4/);
  assert.equal(await page.locator("bc-modal").count(), 0, "no modal for a connected wallet");
  assert.equal((await paymentsOf(visitor.name)).length, 2);
  assert.equal(await balanceOf(visitor.backend), visitorBefore - 200);

  // Disconnect forgets it: the next 402 offers to connect again.
  await page.getByRole("button", { name: "Forget token" }).click();
  await challenged(page, "/5");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: CONNECT }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("bc:config")), null);
  assert.deepEqual(cspViolations, [], "the relay websocket is allowed by the page's CSP");
  await ctx.close();
});

test("a closed modal or a wallet that may not pay says so, and the QR and preimage ways still work", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${web}/hub/quotes`);
  const invoice = await challenged(page, "/2");
  const before = (await paymentsOf(visitor.name)).length;

  await page.getByRole("button", { name: CONNECT }).click();
  await page.locator("bc-modal").getByRole("button", { name: "Close modal" }).click();
  await page.getByText("No wallet was connected: Bitcoin Connect was closed first").waitFor();

  // A receive-only string connects (get_info is allowed) but its pay_invoice is refused (RESTRICTED).
  await page.getByRole("button", { name: CONNECT }).click();
  await connectInModal(page, visitor.receiveOnlyNwc);
  await page.getByText("Your wallet's connection may not pay invoices").waitFor({ timeout: 60_000 });
  assert.equal((await paymentsOf(visitor.name)).length, before, "nothing was paid");
  assert.equal(await text(page.getByTestId("invoice")), invoice, "the same invoice, still payable");
  await page.getByRole("img", { name: "QR code of the Lightning invoice" }).waitFor();
  assert.match(await text(page.getByTestId("payment-status")), /Waiting for a payment of 100 sats/);

  // Paid by QR from another wallet meanwhile: the page's settlement watch finishes the call.
  await visitor.backend.pay({ bolt11: invoice, maxFeeSats: 10 });
  await page.getByTestId("response").waitFor({ timeout: 30_000 });
  assert.match(await text(page.getByTestId("response-body")), /"id"\s*:\s*2/);
  assert.match(await text(page.getByTestId("steps")), /Paid from your wallet — the gateway confirmed it/);
  await ctx.close();
});
