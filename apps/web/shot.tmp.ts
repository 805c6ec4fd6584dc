import { launchChromium } from "./e2e/browser";

const base = process.env.BASE ?? "http://127.0.0.1:3310";
const pages = (process.env.PAGES ?? "/hub,/hub/weather,/").split(",");
const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: Number(process.env.W ?? 1280), height: 900 } });
const page = await ctx.newPage();
if (process.env.LOGIN) {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill("demo@tollbooth.dev");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/dashboard`);
}
for (const p of pages) {
  await page.goto(`${base}${p}`);
  await page.waitForTimeout(500);
  const name = `/tmp/webshots/${(process.env.PREFIX ?? "") + (p.replace(/[^a-z0-9]+/gi, "_") || "root")}.png`;
  await page.screenshot({ path: name, fullPage: true });
  console.log(name);
}
await browser.close();
