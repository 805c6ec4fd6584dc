import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

/** Debian's Chromium, headless, with nothing that phones home. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function artifactsDir(): string {
  const dir = process.env.E2E_ARTIFACTS_DIR ?? join(import.meta.dirname, "..", "test-results");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: the e2e test runs against a started stack (see apps/web/README.md).`,
    );
  return value;
}

/** Polls `check` until it returns true, reloading the page between tries when asked. */
export async function eventually(
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; between?: () => Promise<unknown>; what: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${opts.what}.`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
    await opts.between?.();
  }
}

/** The visible text of an element (innerText keeps the line breaks a reader sees). */
export async function text(locator: Locator): Promise<string> {
  // Visible, not just present: streamed content sits hidden until React swaps it in.
  await locator.waitFor({ state: "visible" });
  // biome-ignore lint/performance/useDomNodeTextContent: innerText is the point: layout-aware text.
  return locator.evaluate((el) => (el as HTMLElement).innerText);
}

/** A full-page screenshot from the top, so the sticky header is where a reader expects it. */
export async function screenshot(page: Page, path: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
}
