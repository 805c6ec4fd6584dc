import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { createPgPool } from "@tollbooth/db";
import { closeLndClients, createLndBackend } from "@tollbooth/lightning";
import { simnetAdmin } from "@tollbooth/simnet/client";
import type { Browser, Page } from "playwright-core";
import { launchChromium, requireEnv, text } from "./browser";

/**
 * Try it keeps the token it bought for the visitor: a 10-call bundle (the demo quotes API's
 * `GET /:id`, 10 sats a call) and a time pass are paid once and then reused, across paths of the
 * route and a page reload, without a second payment — checked on the simnet's builder wallet,
 * not on the page's own numbers. Another visitor never sees the token.
 */
const web = requireEnv("E2E_WEB_URL").replace(/\/+$/, "");
const simnetUrl = requireEnv("TOLLBOOTH_SIMNET_ADMIN");
const databaseUrl = requireEnv("DATABASE_URL");

let browser: Browser;
let balance: () => Promise<number>;
before(async () => {
  browser = await launchChromium();
  const b = await simnetAdmin(simnetUrl).builder();
  const wallet = createLndBackend({ socket: b.socket, tlsCert: b.tlsCert, macaroon: b.adminMacaroon });
  balance = async () => {
    if (!wallet.balance) throw new Error("the builder backend reports no balance");
    return (await wallet.balance()).sats;
  };
});
after(async () => {
  await browser?.close();
  await closeLndClients();
});

async function send(page: Page, path: string): Promise<void> {
  await page.getByLabel("Path", { exact: true }).fill(path);
  await page.getByRole("button", { name: /^Send (request|again)$/ }).click();
}

async function payAndGet(page: Page): Promise<void> {
  await page.getByTestId("challenge").waitFor();
  await page.getByRole("button", { name: "Pay with test wallet (simnet)" }).click();
  await waitForResponse(page);
}

async function waitForResponse(page: Page): Promise<string> {
  const response = page.getByTestId("response");
  await response.waitFor({ timeout: 30_000 });
  return text(response);
}

/** Sends with the saved token: a 200 straight away, no challenge shown. */
async function reuse(page: Page, path: string, want: RegExp): Promise<void> {
  await send(page, path);
  await page.getByTestId("steps").getByText("Request with your saved token").waitFor({ timeout: 30_000 });
  assert.match(await waitForResponse(page), /Response\s*200/);
  assert.match(await text(page.getByTestId("response-body")), want);
  assert.equal(await page.getByTestId("challenge").count(), 0, "no payment asked");
}

test("a bought 10-call bundle is reused by Try it without a second payment", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${web}/hub/quotes`);
  const start = await balance();

  await send(page, "/1");
  await payAndGet(page);
  assert.equal(await balance(), start - 100, "one bundle: 10 calls × 10 sats");
  const saved = page.getByTestId("saved-token");
  assert.match(await text(saved), /9 of 10 calls left/);
  assert.match(await text(saved), /valid until/i);
  assert.match(await text(saved), /GET \/:id/);

  await reuse(page, "/2", /"id"\s*:\s*2/);
  assert.match(await text(saved), /8 of 10 calls left/);
  await page.reload();
  await reuse(page, "/3", /"id"\s*:\s*3/);
  assert.match(await text(page.getByTestId("saved-token")), /7 of 10 calls left/);
  assert.equal(await balance(), start - 100, "three calls, one payment");

  // The header the visitor can copy is the token itself, ready for curl.
  const header = await text(page.getByTestId("authorization-header"));
  assert.match(header, /^Authorization: L402 [A-Za-z0-9+/=_-]+:[0-9a-f]{64}$/);

  // Another visitor (another browser profile) has no token: Try it asks them to pay.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(`${web}/hub/quotes`);
  assert.equal(await stranger.getByTestId("saved-token").count(), 0);
  await send(stranger, "/4");
  await stranger.getByTestId("challenge").waitFor();
  await other.close();
  assert.equal(await balance(), start - 100);
  await ctx.close();
});

test("a bought time pass is reused by Try it without a second payment", async () => {
  // A 15-sat, one-hour pass on the demo quotes API's /random, ahead of its other rules.
  const pg = createPgPool(databaseUrl, { max: 1 });
  const api = await pg.query<{ id: string }>("SELECT id FROM apis WHERE slug = 'quotes'");
  const apiId = api.rows[0]?.id;
  assert.ok(apiId, "the demo quotes API is seeded");
  await pg.query(
    `INSERT INTO pricing_rules (id, api_id, position, method, path_pattern, kind, price_sats, calls_per_token, pass_seconds)
     VALUES ($1, $2, -1, 'GET', '/random', 'time_pass', 15, 1, 3600)`,
    [randomUUID(), apiId],
  );
  await pg.end();

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${web}/hub/quotes`);
  const start = await balance();
  // The gateway picks the new rule up within a moment of the insert: wait for its price.
  for (let i = 0; ; i++) {
    await send(page, "/random");
    await page.getByTestId("challenge").waitFor({ timeout: 30_000 });
    if (/Pay 15 sats/.test(await text(page.getByTestId("challenge")))) break;
    if (i > 20) throw new Error("the gateway never priced the pass");
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.getByRole("button", { name: "Pay with test wallet (simnet)" }).click();
  assert.match(await waitForResponse(page), /Response\s*200/);
  assert.equal(await balance(), start - 15);
  assert.match(await text(page.getByTestId("saved-token")), /time pass/i);
  await reuse(page, "/random", /quote|text|author/i);
  await reuse(page, "/random", /quote|text|author/i);
  assert.equal(await balance(), start - 15, "three calls on one pass");
  await ctx.close();
});

test("the test wallet refuses an invoice above its cap, and Try it says so", async () => {
  // A 5,000-sat route on the demo quotes API, above the builder wallet's 1,000-sat cap.
  const pg = createPgPool(databaseUrl, { max: 1 });
  const api = await pg.query<{ id: string }>("SELECT id FROM apis WHERE slug = 'quotes'");
  await pg.query(
    `INSERT INTO pricing_rules (id, api_id, position, method, path_pattern, kind, price_sats, calls_per_token, pass_seconds)
     VALUES ($1, $2, -2, 'GET', '/big', 'per_call', 5000, 1, NULL)`,
    [randomUUID(), api.rows[0]?.id],
  );
  await pg.end();

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${web}/hub/quotes`);
  const start = await balance();
  for (let i = 0; ; i++) {
    await send(page, "/big");
    await page.getByTestId("challenge").waitFor({ timeout: 30_000 });
    if (/Pay 5,000 sats/.test(await text(page.getByTestId("challenge")))) break;
    if (i > 20) throw new Error("the gateway never priced /big");
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.getByRole("button", { name: "Pay with test wallet (simnet)" }).click();
  assert.match(
    await text(page.getByRole("alert").filter({ hasText: "test wallet" })),
    /at most 1,000 sats per invoice/,
  );
  assert.equal(await page.getByTestId("response").count(), 0);
  assert.equal(await balance(), start, "nothing paid");
  await ctx.close();
});
