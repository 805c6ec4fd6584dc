import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { createDb } from "@tollbooth/db";

/** In development without SMTP_URL the reset link is printed in the server log (and kept in the outbox). */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
delete process.env.SMTP_URL;
process.env.TOLLBOOTH_ENV = "development";
process.env.TOLLBOOTH_DATA_DIR = mkdtempSync(join(tmpdir(), "tollbooth-outbox-"));
process.env.WEB_URL = "http://localhost:3999";
const db = createDb(databaseUrl);
after(() => db.$disconnect());

const { settled } = await import("../src/server/background");
const { requestPasswordReset } = await import("../src/server/auth/password-reset");
const { signUp } = await import("../src/server/auth/sign-up");

test("no SMTP_URL in development: the reset link is in the server log and the outbox", async () => {
  const email = `dev-${randomBytes(4).toString("hex")}@mail.test`;
  await signUp(db, { email, password: "the original password" });
  const logged: string[] = [];
  const original = console.info;
  console.info = (...args: unknown[]) => void logged.push(args.join(" "));
  try {
    await requestPasswordReset(db, { email }, { ip: "192.0.2.77" });
    await settled();
  } finally {
    console.info = original;
  }
  const line = logged.find((l) => l.includes(email));
  assert.ok(line, `nothing logged for ${email}: ${logged.join("\n")}`);
  assert.match(line, /http:\/\/localhost:3999\/reset-password\?token=[A-Za-z0-9_-]{43}/);
  const outbox = join(process.env.TOLLBOOTH_DATA_DIR!, "outbox");
  const saved = readdirSync(outbox)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(outbox, f), "utf8")));
  assert.equal(saved.filter((m) => m.to === email && /reset-password\?token=/.test(m.text)).length, 1);
});

test("a reader of the outbox never sees a mail half written (e2e tests read it while the app writes)", async () => {
  const { sendMail } = await import("../src/server/mail/send-mail");
  const outbox = join(process.env.TOLLBOOTH_DATA_DIR!, "outbox");
  const text = "x".repeat(256 * 1024); // big enough that a write takes more than one step
  const torn: string[] = [];
  let reading = true;
  const reader = (async () => {
    while (reading) {
      for (const f of readdirSync(outbox).filter((n) => n.endsWith(".json"))) {
        try {
          JSON.parse(readFileSync(join(outbox, f), "utf8"));
        } catch {
          torn.push(f);
        }
      }
      await new Promise((r) => setImmediate(r));
    }
  })();
  const original = console.info;
  console.info = () => {};
  try {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => sendMail({ to: `t${i}@mail.test`, subject: "s", text })),
    );
  } finally {
    console.info = original;
    reading = false;
    await reader;
  }
  assert.deepEqual(torn, []);
  assert.equal(readdirSync(outbox).filter((n) => n.endsWith(".json")).length >= 40, true);
});
