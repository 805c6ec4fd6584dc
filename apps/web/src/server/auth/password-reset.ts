import { z } from "zod";
import { inBackground } from "../background";
import type { Db } from "../db";
import { AppError } from "../errors";
import { mailPasswordReset } from "./auth-mail";
import { issueAuthToken, peekAuthToken, spendAuthToken } from "./auth-token";
import { mayMail } from "./mail-throttle";
import { hashPassword } from "./password";
import { MAX_LENGTH, passwordProblem } from "./password-rules";
import type { Client } from "./sign-in";
import { clearAttempts, reserveAttempt, THROTTLE } from "./throttle";

export const ZRequestPasswordResetSchema = z.object({
  email: z.string().trim().toLowerCase().max(200),
});

export const ZResetPasswordSchema = z.object({
  token: z.string().max(100),
  password: z.string().max(MAX_LENGTH),
});

const LINK_DEAD = "This link is not valid any more (used, expired or mistyped). Ask for a new one.";

/**
 * "Forgot password": always the same answer, and the account lookup, token and mail happen after
 * the response, so neither the answer nor its timing says whether the address has an account.
 */
export async function requestPasswordReset(
  db: Db,
  input: z.infer<typeof ZRequestPasswordResetSchema>,
  client: Client,
) {
  await reserveAttempt(db, `mail-ip:${client.ip}`, THROTTLE.mailIp, "reset requests from your network");
  inBackground("password reset request", async () => {
    const user = await db.user.findUnique({
      where: { email: input.email },
      select: { id: true, email: true },
    });
    if (!user || !(await mayMail(db, user.email))) return;
    await mailPasswordReset(user.email, await issueAuthToken(db, user.id, "reset_password"));
  });
  return { ok: true as const };
}

/**
 * Sets a new password from a mailed link. The link is spent atomically (one use, even clicked
 * twice at once); every session of the account ends, every other reset link dies, the address
 * counts as confirmed (the mailbox's owner just proved it), and the sign-in wait is lifted.
 */
export async function resetPassword(db: Db, input: z.infer<typeof ZResetPasswordSchema>) {
  const user = await peekAuthToken(db, input.token, "reset_password");
  if (!user) throw new AppError("bad_request", LINK_DEAD);
  const problem = passwordProblem(input.password, user.email);
  if (problem) throw new AppError("bad_request", problem);
  const passwordHash = await hashPassword(input.password);
  const spentBy = await spendAuthToken(db, input.token, "reset_password");
  if (spentBy !== user.id) throw new AppError("bad_request", LINK_DEAD);
  const now = new Date();
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash } }),
    db.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } }),
    db.session.deleteMany({ where: { userId: user.id } }),
    db.authToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } }),
  ]);
  await clearAttempts(db, `signin-email:${user.email}`);
  return { ok: true as const };
}
