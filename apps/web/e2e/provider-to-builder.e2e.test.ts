import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { artifactsDir, eventually, launchChromium, requireEnv, screenshot, text } from "./browser";
import { signUpConfirmed } from "./outbox";

/**
 * The whole product in a real browser: a provider signs up, sells a demo upstream, connects a
 * simnet node and publishes; a signed-out visitor finds it in the hub with a live quote, pays
 * through Try it and sees the upstream's answer; the provider then sees the call and the sats.
 */
const web = requireEnv("E2E_WEB_URL").replace(/\/+$/, "");
const weatherUpstream = requireEnv("DEMO_WEATHER_URL");
const upstreamKey = process.env.DEMO_UPSTREAM_KEY ?? "demo-upstream-key";
const shots = artifactsDir();

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test("provider publishes an API; a visitor pays for a call in the hub; the provider sees the sats", async () => {
  const run = randomBytes(3).toString("hex");
  const slug = `e2e-weather-${run}`;
  const price = 7;

  // ── the provider ─────────────────────────────────────────────
  const providerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const provider = await providerCtx.newPage();
  const email = `provider-${run}@e2e.test`;
  // Development without SMTP_URL: the confirmation mail lands in the outbox (and the log).
  await signUpConfirmed(provider, web, {
    team: `E2E Forecasts ${run}`,
    email,
    password: "correct horse battery staple",
  });
  await provider.getByText("You have no APIs yet").waitFor();

  await provider.getByRole("link", { name: "New API" }).first().click();
  await provider.getByLabel("Name").fill(`E2E Weather ${run}`);
  await provider.getByLabel("Slug").fill(slug);
  await provider.getByLabel("Description").fill("Weather through the Tollbooth e2e test.");
  await provider.getByLabel("Category").selectOption("weather");
  await provider.getByLabel("Upstream base URL").fill(weatherUpstream);
  await provider.getByLabel("Secret header").fill("x-api-key");
  await provider.getByLabel("Secret value (optional)").fill(upstreamKey);
  const urls = await text(provider.getByTestId("gateway-urls"));
  assert.match(urls, new RegExp(`http://${slug}\\.`));
  assert.match(urls, new RegExp(`/${slug}/`));
  await provider.getByRole("button", { name: "Create API" }).click();
  await provider.waitForURL(/\/dashboard\/apis\/[0-9a-f-]{36}$/);
  const apiPage = provider.url();

  await provider.getByRole("button", { name: "Add rule" }).click();
  const rule = provider.getByTestId("pricing-rule").first();
  await rule.getByLabel("Method").selectOption("GET");
  await rule.getByLabel("Path pattern").fill("/current");
  await rule.getByLabel("Price in sats").fill(String(price));
  await provider.getByRole("button", { name: "Save prices" }).click();
  await provider.getByText("Prices saved.").waitFor();

  await provider.goto(`${web}/dashboard/lightning`);
  await provider.getByRole("button", { name: "Create a simnet node" }).click();
  await provider.getByText("Simnet node created and connected.").waitFor({ timeout: 30_000 });
  await provider.getByText("Connection test passed").waitFor();

  await provider.goto(apiPage);
  await provider.getByRole("button", { name: "Publish to the hub" }).click();
  // Publishing asks for confirmation first.
  await provider.getByRole("button", { name: "Yes, publish" }).click();
  await provider.getByRole("button", { name: "Unpublish" }).waitFor();

  // The provider's own test request goes through the gateway and meets the paywall.
  await provider.getByLabel("Path", { exact: true }).fill("/current");
  await provider.getByRole("button", { name: "Send", exact: true }).click();
  const testResult = await text(provider.getByTestId("test-result"));
  assert.match(testResult, /402/);
  assert.match(testResult, new RegExp(`asks ${price} sats`));

  // ── a signed-out visitor ─────────────────────────────────────
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`${web}/dashboard`);
  await visitor.waitForURL(/\/signin\?next=%2Fdashboard$/);
  // Keyboard users land on "Skip to content" first.
  await visitor.keyboard.press("Tab");
  assert.equal(await visitor.evaluate(() => document.activeElement?.textContent), "Skip to content");
  await visitor.goto(`${web}/hub?q=${slug}`);
  const card = visitor.getByRole("listitem").filter({ hasText: `E2E Weather ${run}` });
  await card.waitFor();
  await eventually(async () => (await text(card.getByTestId("quote-status"))).includes("Live"), {
    timeoutMs: 60_000,
    intervalMs: 2000,
    between: () => visitor.reload(),
    what: "a live quote on the hub card",
  });
  assert.match(await text(card.getByTestId("quote-status")), new RegExp(`${price} sats`));
  await visitor.goto(`${web}/hub`);
  await visitor
    .getByRole("listitem")
    .filter({ hasText: `E2E Weather ${run}` })
    .waitFor();
  await screenshot(visitor, join(shots, "hub.png"));

  await visitor.getByRole("link", { name: `E2E Weather ${run}` }).click();
  await visitor.waitForURL(`${web}/hub/${slug}`);
  await visitor.getByLabel("Path").fill("/current?city=berlin");
  await visitor.getByRole("button", { name: "Send request" }).click();
  const challenge = visitor.getByTestId("challenge");
  await challenge.waitFor();
  assert.match(await text(visitor.getByTestId("invoice")), /^ln\w+/);
  await visitor.getByRole("img", { name: "QR code of the Lightning invoice" }).waitFor();
  await visitor.getByRole("button", { name: "Pay with test wallet (simnet)" }).click();
  const response = visitor.getByTestId("response");
  await response.waitFor({ timeout: 30_000 });
  assert.match(await text(response), /Response\s*200/);
  assert.match(await text(visitor.getByTestId("response-body")), /berlin/i);
  const steps = await text(visitor.getByTestId("steps"));
  assert.match(steps, /402 Payment Required/);
  assert.match(steps, /Paid with the simnet builder wallet/);
  assert.match(steps, /\d+ ms/);
  await screenshot(visitor, join(shots, "api-page.png"));

  // ── a visitor with a WebLN browser wallet ────────────────────
  // The stand-in wallet settles through the simnet builder wallet; what is under test is the page's
  // WebLN path: enable(), sendPayment(invoice) → preimage → the paid call.
  const weblnCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await weblnCtx.addInitScript(`window.webln = {
    enabled: false,
    async enable() { this.enabled = true; },
    async sendPayment(invoice) {
      if (!this.enabled) throw new Error("enable() first");
      const res = await fetch("/api/try/pay", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ slug: ${JSON.stringify(slug)}, invoice }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message);
      return { preimage: body.preimage };
    },
  };`);
  const weblnVisitor = await weblnCtx.newPage();
  await weblnVisitor.goto(`${web}/hub/${slug}`);
  await weblnVisitor.getByLabel("Path").fill("/current?city=tokyo");
  await weblnVisitor.getByRole("button", { name: "Send request" }).click();
  await weblnVisitor.getByRole("button", { name: "Pay with browser wallet" }).click();
  await weblnVisitor.getByTestId("response").waitFor({ timeout: 30_000 });
  assert.match(await text(weblnVisitor.getByTestId("steps")), /Paid with your browser wallet/);
  assert.match(await text(weblnVisitor.getByTestId("response-body")), /tokyo/i);
  await weblnCtx.close();

  // ── the public catalog ───────────────────────────────────────
  const catalog = (await (await fetch(`${web}/api/catalog?q=${slug}`)).json()) as {
    apis: {
      slug: string;
      routes: { path: string; priceSats: number }[];
      quote: { up: boolean; priceSats: number } | null;
    }[];
  };
  const listed = catalog.apis.find((a) => a.slug === slug);
  assert.ok(listed, "the API is in /api/catalog");
  assert.deepEqual(
    listed.routes.map((r) => [r.path, r.priceSats]),
    [["/current", price]],
  );
  assert.equal(listed.quote?.up, true);
  assert.equal(listed.quote?.priceSats, price);

  // ── back to the provider ─────────────────────────────────────
  // Two paid calls: one through the builder wallet, one through the browser wallet. The gateway
  // meters in batches, so the dashboard catches up within a few seconds.
  // Money (two settled invoices, each for one call) and calls served are shown apart.
  const bothCalls = new RegExp(`${slug}[\\s\\S]*/current\\s+2\\s+0\\s`);
  const bothSales = new RegExp(
    `${slug}[\\s\\S]*/current\\s+1 call for ${price} sats\\s+2\\s+${price * 2} sats`,
  );
  await provider.goto(`${web}/dashboard`);
  await eventually(
    async () =>
      bothCalls.test(await text(provider.getByTestId("usage-by-route"))) &&
      bothSales.test(await text(provider.getByTestId("sales-by-route"))) &&
      (await text(provider.getByTestId("recent-calls"))).includes(slug) &&
      (await text(provider.getByTestId("recent-payments"))).split(`+${price} sats`).length === 3,
    {
      timeoutMs: 30_000,
      intervalMs: 1500,
      between: () => provider.reload(),
      what: "both paid calls and their sats in the dashboard",
    },
  );
  await provider.getByRole("heading", { name: "Overview" }).waitFor();
  await screenshot(provider, join(shots, "dashboard.png"));

  await providerCtx.close();
  await visitorCtx.close();
});
