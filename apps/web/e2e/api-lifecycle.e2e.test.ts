import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { artifactsDir, eventually, launchChromium, requireEnv, screenshot, text } from "./browser";
import { signUpConfirmed } from "./outbox";

/**
 * An API's lifecycle in a real browser against the real gateway: a shadowed rule is flagged before
 * saving, the price of unmatched paths is set in the editor, publish / pause / resume each ask for
 * confirmation and the gateway follows (402 / 503 / 402), a rename leaves a 308 on the old slug,
 * and deleting (after typing the slug) leaves a 410.
 */
const web = requireEnv("E2E_WEB_URL").replace(/\/+$/, "");
const gateway = requireEnv("E2E_GATEWAY_URL").replace(/\/+$/, "");
const weatherUpstream = requireEnv("DEMO_WEATHER_URL");
const shots = artifactsDir();

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** Waits until the gateway (config reloads within a second) answers `path` with `status`. */
async function gatewayAnswers(path: string, status: number): Promise<Response> {
  let last: Response | undefined;
  await eventually(
    async () => {
      last = await fetch(`${gateway}${path}`, { redirect: "manual" });
      return last.status === status;
    },
    { timeoutMs: 15_000, intervalMs: 300, what: `${path} → ${status} (last ${last?.status})` },
  );
  return last as Response;
}

test("publish, pause, resume, rename and delete through the dashboard; the gateway follows", async () => {
  const run = randomBytes(3).toString("hex");
  const slug = `e2e-life-${run}`;
  const renamed = `e2e-moved-${run}`;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signUpConfirmed(page, web, {
    team: `E2E Lifecycle ${run}`,
    email: `life-${run}@e2e.test`,
    password: "correct horse battery staple",
  });

  await page.goto(`${web}/dashboard/lightning`);
  await page.getByRole("button", { name: "Create a simnet node" }).click();
  await page.getByText("Simnet node created and connected.").waitFor({ timeout: 30_000 });

  await page.goto(`${web}/dashboard/apis/new`);
  await page.getByLabel("Name").fill(`E2E Lifecycle ${run}`);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Upstream base URL").fill(weatherUpstream);
  await page.getByRole("button", { name: "Create API" }).click();
  await page.waitForURL(/\/dashboard\/apis\/[0-9a-f-]{36}$/);
  const apiPage = page.url();

  // Two rules, the second shadowed by the first: flagged before saving.
  await page.getByRole("button", { name: "Add rule" }).click();
  await page.getByRole("button", { name: "Add rule" }).click();
  const rules = page.getByTestId("pricing-rule");
  await rules.nth(0).getByLabel("Method").selectOption("GET");
  await rules.nth(0).getByLabel("Path pattern").fill("/current");
  await rules.nth(0).getByLabel("Price in sats").fill("4");
  await rules.nth(1).getByLabel("Method").selectOption("GET");
  await rules.nth(1).getByLabel("Path pattern").fill("/current");
  assert.match(await text(rules.nth(1).getByTestId("shadow-warning")), /Never matches: rule 1/);
  await rules.nth(1).getByLabel("Path pattern").fill("/forecast");
  await rules.nth(1).getByTestId("shadow-warning").waitFor({ state: "detached" });
  // The default for unmatched paths is shown (a new API refuses them) and set to 3 sats.
  const dflt = page.getByTestId("default-route");
  assert.match(await text(dflt), /Refused with 404/);
  await dflt.getByLabel("What unmatched paths do").selectOption("per_call");
  await dflt.getByLabel("Default price in sats").fill("3");
  await page.getByRole("button", { name: "Save prices" }).click();
  await page.getByText("Prices saved.").waitFor();

  // A draft is not sold.
  const draft = await gatewayAnswers(`/${slug}/current`, 503);
  assert.equal(((await draft.json()) as { error: string }).error, "api_unavailable");

  await page.getByRole("button", { name: "Publish to the hub" }).click();
  await screenshot(page, join(shots, "lifecycle-confirm-publish.png"));
  await page.getByRole("button", { name: "Yes, publish" }).click();
  await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
  const unmatched = await gatewayAnswers(`/${slug}/elsewhere`, 402);
  assert.equal(((await unmatched.json()) as { amount_sats: number }).amount_sats, 3);

  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("button", { name: "Yes, pause" }).click();
  await page.getByRole("button", { name: "Resume", exact: true }).waitFor();
  const paused = await gatewayAnswers(`/${slug}/current`, 503);
  assert.ok(Number(paused.headers.get("retry-after")) > 0);
  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await page.getByRole("button", { name: "Yes, resume" }).click();
  await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
  await gatewayAnswers(`/${slug}/current`, 402);
  await screenshot(page, join(shots, "lifecycle-published.png"));

  // Rename: the old slug redirects to the new one.
  await page.getByLabel("Slug (subdomain)").fill(renamed);
  await page.getByRole("button", { name: "Rename" }).click();
  const moved = await gatewayAnswers(`/${slug}/current?city=oslo`, 308);
  assert.equal(moved.headers.get("location"), `/${renamed}/current?city=oslo`);

  // Delete, after typing the slug: the gateway answers 410 on it.
  await page.goto(apiPage);
  await page.getByLabel(`Type ${renamed} to confirm`).fill(renamed);
  await page.getByRole("button", { name: "Delete API" }).click();
  await page.waitForURL(`${web}/dashboard`);
  const gone = await gatewayAnswers(`/${renamed}/current`, 410);
  assert.equal(((await gone.json()) as { error: string }).error, "api_gone");
  assert.equal((await gatewayAnswers(`/${slug}/current`, 410)).status, 410, "the first slug is gone too");
  await ctx.close();
});
