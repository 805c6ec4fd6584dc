import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { simnetAdmin } from "@tollbooth/simnet/client";
import type { Browser } from "playwright-core";
import { launchChromium, requireEnv, text } from "./browser";
import { challenged } from "./try-it-page";

/**
 * Try it finishes with any wallet: a visitor with no WebLN extension pays the invoice the page
 * shows from another wallet — a "phone", here a second simnet node paying over LND gRPC, never
 * through the page — and the page learns of the settlement from the gateway's hand-off and shows
 * the upstream's answer. Then the paste-the-preimage fallback (a wrong preimage refused before
 * anything is sent, the right one finishes the call), and the expired state's new invoice.
 * On the demo quotes API's `GET /:id` (10 calls × 10 sats).
 */
const web = requireEnv("E2E_WEB_URL").replace(/\/+$/, "");
const simnetUrl = requireEnv("TOLLBOOTH_SIMNET_ADMIN");

let browser: Browser;
let phone: LightningBackend;
let builder: LightningBackend;
const balanceOf = async (wallet: LightningBackend) => {
  if (!wallet.balance) throw new Error("the backend reports no balance");
  return (await wallet.balance()).sats;
};

before(async () => {
  browser = await launchChromium();
  const admin = simnetAdmin(simnetUrl);
  const b = await admin.builder();
  builder = createLndBackend({ socket: b.socket, tlsCert: b.tlsCert, macaroon: b.adminMacaroon });
  // The visitor's phone: its own simnet node, funded once from the builder wallet.
  const p = await admin.createNode(`phone-${randomBytes(4).toString("hex")}`);
  phone = createLndBackend({ socket: p.socket, tlsCert: p.tlsCert, macaroon: p.adminMacaroon });
  const funding = await createLndBackend({
    socket: p.socket,
    tlsCert: p.tlsCert,
    macaroon: p.macaroon,
  }).createInvoice({ amountSats: 2_000, memo: "fund the e2e phone", expirySeconds: 600 });
  await builder.pay({ bolt11: funding.bolt11, maxFeeSats: 10 });
});
after(async () => {
  await browser?.close();
  await closeLndClients();
});

test("a visitor pays Try it by QR from another wallet and sees the upstream's answer, no WebLN", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${web}/hub/quotes`);
  const invoice = await challenged(page, "/5");
  assert.equal(await page.evaluate(() => "webln" in window), false, "no WebLN extension");
  assert.equal(await page.getByRole("button", { name: "Pay with browser wallet" }).count(), 0);
  await page.getByRole("img", { name: "QR code of the Lightning invoice" }).waitFor();
  assert.match(
    await text(page.getByTestId("payment-status")),
    /Waiting for a payment of 100 sats.*expires in \d+:\d\d/,
  );

  const builderBefore = await balanceOf(builder);
  const phoneBefore = await balanceOf(phone);
  await phone.pay({ bolt11: invoice, maxFeeSats: 10 });

  await page.getByTestId("response").waitFor({ timeout: 30_000 });
  assert.match(await text(page.getByTestId("response")), /Response\s*200/);
  assert.match(await text(page.getByTestId("response-body")), /"id"\s*:\s*5/);
  assert.match(await text(page.getByTestId("steps")), /Paid from your wallet — the gateway confirmed it/);
  assert.equal(await balanceOf(phone), phoneBefore - 100, "the phone paid the bundle");
  assert.equal(await balanceOf(builder), builderBefore, "the page's test wallet paid nothing");

  // The bundle is kept like any other: the next call on the route uses it, no second payment.
  assert.match(await text(page.getByTestId("saved-token")), /9 of 10 calls left/);
  await page.getByLabel("Path", { exact: true }).fill("/6");
  await page.getByRole("button", { name: "Send again" }).click();
  await page.getByTestId("steps").getByText("Request with your saved token").waitFor({ timeout: 30_000 });
  assert.match(await text(page.getByTestId("response-body")), /"id"\s*:\s*6/);
  assert.equal(await balanceOf(phone), phoneBefore - 100);
  await ctx.close();
});

test("paste the preimage: a wrong one is refused on the page, the right one finishes the call", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  // A wallet whose provider never reports the payment: the hand-off answers "pending" throughout.
  await page.route("**/api/try/settlement", (route) =>
    route.fulfill({ json: { kind: "pending", state: "pending" } }),
  );
  const calls: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/try/call")) calls.push(r.postData() ?? "");
  });
  await page.goto(`${web}/hub/quotes`);
  const invoice = await challenged(page, "/7");
  const paid = await phone.pay({ bolt11: invoice, maxFeeSats: 10 });

  await page.getByText("Paid already? Paste the preimage from your wallet").click();
  const field = page.getByLabel("Preimage (64 hex characters)");
  await field.fill("abc");
  await page.getByRole("button", { name: "Use this preimage" }).click();
  await page.getByText("A preimage is 64 hexadecimal characters").waitFor();
  await field.fill(randomBytes(32).toString("hex"));
  await page.getByRole("button", { name: "Use this preimage" }).click();
  await page.getByText("That preimage is not for this invoice").waitFor();
  assert.equal(calls.length, 0, "nothing was sent for a preimage that does not match");

  await field.fill(paid.preimage.toUpperCase());
  await page.getByRole("button", { name: "Use this preimage" }).click();
  await page.getByTestId("response").waitFor({ timeout: 30_000 });
  assert.match(await text(page.getByTestId("response")), /Response\s*200/);
  assert.match(await text(page.getByTestId("response-body")), /"id"\s*:\s*7/);
  assert.match(await text(page.getByTestId("steps")), /Preimage pasted/);
  assert.equal(calls.length, 1);
  await ctx.close();
});

test("an invoice that expired unpaid offers a new one", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  let expired = true;
  // The gateway's hand-off says so once the invoice's expiry passed (600 s here: told, not waited for).
  await page.route("**/api/try/settlement", (route) =>
    expired ? route.fulfill({ json: { kind: "pending", state: "expired" } }) : route.continue(),
  );
  await page.goto(`${web}/hub/quotes`);
  const first = await challenged(page, "/8");
  await page.getByTestId("challenge-expired").waitFor({ timeout: 30_000 });
  assert.match(
    await text(page.getByTestId("challenge-expired")),
    /This invoice expired.*Nothing was charged/s,
  );
  expired = false;
  await page.getByRole("button", { name: "Get a new invoice" }).click();
  await page.getByTestId("challenge").waitFor({ timeout: 30_000 });
  const second = await text(page.getByTestId("invoice"));
  assert.notEqual(second, first, "a fresh invoice");
  await ctx.close();
});
