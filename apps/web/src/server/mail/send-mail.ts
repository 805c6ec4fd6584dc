import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTransport, type Transporter } from "nodemailer";
import { env } from "../env";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | undefined;

/**
 * Sends through SMTP_URL. Without it, in development, the mail is printed in the server log (the
 * terminal of `npm start`) and saved as JSON under <TOLLBOOTH_DATA_DIR>/outbox, so links can be
 * followed by hand or by a test; in production without SMTP_URL nothing can be sent, and the log
 * says so without the link (a log is no place for a live reset token).
 */
export async function sendMail(mail: Mail): Promise<void> {
  const e = env();
  if (e.SMTP_URL) {
    transport ??= createTransport(e.SMTP_URL);
    await transport.sendMail({ from: e.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return;
  }
  if (e.isProduction) {
    console.error(`web: cannot send "${mail.subject}" to ${mail.to}: SMTP_URL is not set`);
    return;
  }
  console.info(
    `web: mail to ${mail.to} (SMTP_URL unset, development)\n  ${mail.subject}\n${indent(mail.text)}`,
  );
  const outbox = join(e.TOLLBOOTH_DATA_DIR, "outbox");
  await mkdir(outbox, { recursive: true });
  const name = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`;
  // Written aside and renamed into place: whoever reads the outbox (a test, a watcher) sees each
  // mail whole or not at all, never a half-written file.
  const aside = join(outbox, `.${name}.partial`);
  await writeFile(aside, JSON.stringify(mail, null, 2));
  await rename(aside, join(outbox, name));
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  | ${l}`)
    .join("\n");
}
