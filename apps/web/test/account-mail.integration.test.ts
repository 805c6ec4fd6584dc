import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { linkToken, startMailCapture } from "./mail-capture";

/**
 * Password reset, sign-up and email confirmation against a real SMTP server on loopback: the
 * mail the app sends through nodemailer (SMTP_URL) is received and its link followed.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const mail = await startMailCapture();
process.env.SMTP_URL = mail.url;
process.env.WEB_URL = "https://tollbooth.example";

const { settled } = await import("../src/server/background");
const { getSessionUser } = await import("../src/server/auth/get-session-user");
const { requestPasswordReset, resetPassword } = await import("../src/server/auth/password-reset");
const { signIn } = await import("../src/server/auth/sign-in");
const { requestSignUp, signUp } = await import("../src/server/auth/sign-up");
const { confirmEmail } = await import("../src/server/auth/confirm-email");
const { AppError } = await import("../src/server/errors");

after(async () => {
  await db.$disconnect();
  await mail.close();
});

const run = randomBytes(4).toString("hex");
let n = 0;
const address = (label: string) => `${label}-${run}-${n++}@mail.test`;
const client = () => ({ ip: `198.18.${n % 250}.${(n++ * 7) % 250}` });
const code = (err: unknown) => (err instanceof AppError ? err.code : `not an AppError: ${String(err)}`);

async function mailsTo(email: string) {
  await settled();
  return mail.to(email);
}

before(async () => {
  // The transport is up: a first mail goes through before the tests measure anything.
  await requestPasswordReset(db, { email: "nobody@mail.test" }, client());
  await settled();
});

test("reset: a real mail with a single-use link; the new password works, every session ends", async () => {
  const email = address("reset");
  const first = await signUp(db, { email, password: "the original password" });
  const second = await signUp(db, { email: address("bystander"), password: "another long password" });
  assert.deepEqual(await requestPasswordReset(db, { email }, client()), { ok: true });
  const [sent, ...more] = await mailsTo(email);
  assert.ok(sent, "a reset mail arrived");
  assert.equal(more.length, 0);
  assert.match(sent.subject, /Reset your Tollbooth password/);
  assert.match(sent.text, /https:\/\/tollbooth\.example\/reset-password\?token=/, "links come from WEB_URL");
  const token = linkToken(sent, "/reset-password");

  // Only the hash is stored.
  const stored = await db.authToken.findMany({ where: { user: { email } } });
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.tokenHash, createHash("sha256").update(token).digest("hex"));
  assert.ok(!JSON.stringify(stored).includes(token));

  // The new password is checked like a sign-up's (and the link is not spent by a refusal).
  await assert.rejects(
    resetPassword(db, { token, password: "          " }),
    (e) => code(e) === "bad_request",
  );
  await assert.rejects(resetPassword(db, { token, password: email }), (e) => code(e) === "bad_request");

  // Two uses at once: exactly one wins.
  const both = await Promise.allSettled([
    resetPassword(db, { token, password: "a brand new password" }),
    resetPassword(db, { token, password: "a different new password" }),
  ]);
  assert.equal(
    both.filter((r) => r.status === "fulfilled").length,
    1,
    JSON.stringify(both.map((r) => r.status)),
  );
  const won = both[0]!.status === "fulfilled" ? "a brand new password" : "a different new password";
  await assert.rejects(
    resetPassword(db, { token, password: "yet another password" }),
    (e) => code(e) === "bad_request",
  );

  assert.equal(await getSessionUser(db, first.token), null, "the old session was revoked");
  assert.ok(await getSessionUser(db, second.token), "other users' sessions are untouched");
  await assert.rejects(
    signIn(db, { email, password: "the original password" }, client()),
    (e) => code(e) === "unauthorized",
  );
  assert.ok((await signIn(db, { email, password: won }, client())).token);
});

test("reset: an unknown address gets the same answer and no mail; an expired link is refused", async () => {
  const unknown = address("unknown");
  assert.deepEqual(await requestPasswordReset(db, { email: unknown }, client()), { ok: true });
  assert.equal((await mailsTo(unknown)).length, 0);

  const email = address("expired");
  await signUp(db, { email, password: "the original password" });
  await requestPasswordReset(db, { email }, client());
  const token = linkToken((await mailsTo(email))[0]!, "/reset-password");
  await db.authToken.updateMany({
    where: { user: { email } },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  await assert.rejects(
    resetPassword(db, { token, password: "a brand new password" }),
    (e) => code(e) === "bad_request",
  );
  await assert.rejects(
    resetPassword(db, { token: "x".repeat(43), password: "a brand new password" }),
    (e) => code(e) === "bad_request",
  );
  await assert.rejects(
    resetPassword(db, { token: "", password: "a brand new password" }),
    (e) => code(e) === "bad_request",
  );
});

test("ten wrong guesses do not lock the owner out: a reset gets them in at once", async () => {
  const email = address("locked");
  await signUp(db, { email, password: "the original password" });
  for (let i = 0; i < 10; i++) {
    await signIn(db, { email, password: `wrong ${i}` }, client()).catch(() => {});
  }
  await assert.rejects(
    signIn(db, { email, password: "the original password" }, client()),
    (e) => code(e) === "too_many_requests",
  );
  await requestPasswordReset(db, { email }, client());
  const token = linkToken((await mailsTo(email))[0]!, "/reset-password");
  await resetPassword(db, { token, password: "a brand new password" });
  assert.ok((await signIn(db, { email, password: "a brand new password" }, client())).token);
});

test("sign-up answers alike for a new and a taken address; the owner of the taken one is told by mail", async () => {
  const taken = address("taken");
  await signUp(db, { email: taken, password: "the original password" });
  const fresh = address("fresh");
  const a = await requestSignUp(db, { email: fresh, password: "a long enough password" }, client());
  const b = await requestSignUp(db, { email: taken, password: "a long enough password" }, client());
  assert.deepEqual(a, b);
  assert.deepEqual(a, { status: "check_email" });
  await settled();

  const [told] = mail.to(taken);
  assert.match(told?.subject ?? "", /already have a Tollbooth account/);
  assert.match(told?.text ?? "", /https:\/\/tollbooth\.example\/forgot-password/);
  assert.equal(await db.user.count({ where: { email: taken } }), 1);
  await signIn(db, { email: taken, password: "the original password" }, client()); // unchanged

  // The new account cannot sign in until its address is confirmed, with the password.
  const [welcome] = mail.to(fresh);
  const token = linkToken(welcome!, "/welcome");
  await assert.rejects(
    signIn(db, { email: fresh, password: "a long enough password" }, client()),
    (e) => code(e) === "forbidden",
  );
  await assert.rejects(
    confirmEmail(db, { token, password: "not the password" }, client()),
    (e) => code(e) === "unauthorized",
  );
  const s = await confirmEmail(db, { token, password: "a long enough password" }, client());
  assert.equal((await getSessionUser(db, s.token))?.email, fresh);
  await assert.rejects(
    confirmEmail(db, { token, password: "a long enough password" }, client()),
    (e) => code(e) === "bad_request",
  );
  assert.ok(await signIn(db, { email: fresh, password: "a long enough password" }, client()));
});

test("someone else's unconfirmed sign-up with your address: signing up yourself mails you a link to choose the password", async () => {
  const email = address("squat");
  await requestSignUp(db, { email, password: "the squatter's password" }, client());
  await requestSignUp(db, { email, password: "the owner's password!" }, client());
  const mails = await mailsTo(email);
  assert.equal(mails.length, 2);
  const token = linkToken(mails[1]!, "/reset-password");
  await resetPassword(db, { token, password: "the owner's password!" });
  await assert.rejects(
    signIn(db, { email, password: "the squatter's password" }, client()),
    (e) => code(e) === "unauthorized",
  );
  assert.ok(await signIn(db, { email, password: "the owner's password!" }, client()));
});

test("simultaneous sign-ups for one address: one account, the same answer for all, never a 500", async () => {
  const email = address("race");
  const results = await Promise.all(
    [1, 2, 3].map(() => requestSignUp(db, { email, password: "a long enough password" }, client())),
  );
  for (const r of results) assert.deepEqual(r, { status: "check_email" });
  await settled();
  assert.equal(await db.user.count({ where: { email } }), 1);
});

test("mail to one address is throttled: a flood of reset requests sends only a few", async () => {
  const email = address("flood");
  await signUp(db, { email, password: "the original password" });
  for (let i = 0; i < 8; i++) await requestPasswordReset(db, { email }, client());
  assert.ok((await mailsTo(email)).length <= 3, `${mail.to(email).length} mails`);
});
