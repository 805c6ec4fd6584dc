import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { requireEnv } from "./browser";

/**
 * In development without SMTP_URL the web app keeps each mail as JSON in
 * <TOLLBOOTH_DATA_DIR>/outbox (see src/server/mail/send-mail.ts). The confirmation link's token
 * for `email`, waiting for the mail to be written.
 */
export async function confirmationToken(email: string, timeoutMs = 30_000): Promise<string> {
  const outbox = join(requireEnv("TOLLBOOTH_DATA_DIR"), "outbox");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let files: string[] = [];
    try {
      files = readdirSync(outbox).filter((f) => f.endsWith(".json"));
    } catch {}
    for (const file of files) {
      const mail = JSON.parse(readFileSync(join(outbox, file), "utf8")) as { to: string; text: string };
      const token =
        mail.to === email ? /\/welcome\?token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] : undefined;
      if (token) return token;
    }
    if (Date.now() > deadline) throw new Error(`no confirmation mail for ${email} in ${outbox}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A provider signs up in the browser and follows the confirmation mail from the outbox, ending
 * signed in on the dashboard (sign-up answers "check your email" and opens no session by itself).
 */
export async function signUpConfirmed(
  page: Page,
  web: string,
  account: { team: string; email: string; password: string },
): Promise<void> {
  await page.goto(`${web}/signup`);
  await page.getByLabel("Team or company name").fill(account.team);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByTestId("signup-sent").waitFor();
  await page.goto(`${web}/welcome?token=${await confirmationToken(account.email)}`);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await page.waitForURL(`${web}/dashboard`);
}
