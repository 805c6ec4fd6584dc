import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
      files = readdirSync(outbox);
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
