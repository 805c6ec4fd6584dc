import type { Page } from "playwright-core";
import { text } from "./browser";

/** Sends `path` from an API page's Try it and waits for the 402 box; returns the invoice shown. */
export async function challenged(page: Page, path: string): Promise<string> {
  await page.getByLabel("Path", { exact: true }).fill(path);
  await page.getByRole("button", { name: /^Send (request|again)$/ }).click();
  await page.getByTestId("challenge").waitFor({ timeout: 30_000 });
  return text(page.getByTestId("invoice"));
}
