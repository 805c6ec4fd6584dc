import { z } from "zod";
import { inBackground } from "../background";
import type { Db } from "../db";
import { AppError } from "../errors";
import { mailConfirmEmail } from "./auth-mail";
import { issueAuthToken } from "./auth-token";
import { createSession } from "./create-session";
import { mayMail } from "./mail-throttle";
import { decoyHash, verifyPassword } from "./password";
import { clearAttempts, forgiveAttempt, reserveAttempt, THROTTLE } from "./throttle";

export const ZSignInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().max(200),
  password: z.string().max(200),
});
export type SignInRequest = z.infer<typeof ZSignInRequestSchema>;

/** Who is asking: the throttle keys on the client address as well as on the account. */
export interface Client {
  ip: string;
}

export const UNKNOWN_CLIENT: Client = { ip: "unknown" };

/** Checks the password of a confirmed account and opens a session. */
export async function signIn(db: Db, input: SignInRequest, client: Client = UNKNOWN_CLIENT) {
  const user = await checkPassword(db, input, client);
  if (!user.emailVerifiedAt) {
    // Only someone with the password learns the account exists; they get a fresh link.
    inBackground("confirmation mail", async () => {
      if (await mayMail(db, user.email))
        await mailConfirmEmail(user.email, await issueAuthToken(db, user.id, "verify_email"));
    });
    throw new AppError("forbidden", "Confirm your email address first: we sent you a new link.");
  }
  const session = await createSession(db, user.id);
  return { userId: user.id, ...session };
}

/**
 * The password check behind sign-in and email confirmation: attempts are reserved (per client
 * address, then per account) before anything is hashed, and cleared for the account on success.
 */
export async function checkPassword(db: Db, input: SignInRequest, client: Client) {
  const ipKey = `signin-ip:${client.ip}`;
  const emailKey = `signin-email:${input.email}`;
  await reserveAttempt(db, ipKey, THROTTLE.signInIp, "sign-in attempts from your network");
  await reserveAttempt(db, emailKey, THROTTLE.signInEmail, "sign-in attempts for this account");
  const user = await db.user.findUnique({ where: { email: input.email } });
  // Hash even for unknown emails so the response time does not reveal who has an account.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok) throw new AppError("unauthorized", "That email and password do not match.");
  await clearAttempts(db, emailKey);
  await forgiveAttempt(db, ipKey);
  return user;
}
