import { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { signInLimiter } from "./attempt-limiter";
import { createSession } from "./create-session";
import { decoyHash, verifyPassword } from "./password";

export const ZSignInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().max(200),
  password: z.string().max(200),
});
export type SignInRequest = z.infer<typeof ZSignInRequestSchema>;

export async function signIn(db: Db, input: SignInRequest) {
  if (signInLimiter.isBlocked(input.email)) {
    throw new AppError(
      "forbidden",
      "Too many failed attempts for this email. Wait 15 minutes and try again.",
    );
  }
  const user = await db.user.findUnique({ where: { email: input.email } });
  // Hash even for unknown emails so the response time does not reveal who has an account.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok) {
    signInLimiter.recordFailure(input.email);
    throw new AppError("unauthorized", "That email and password do not match.");
  }
  signInLimiter.recordSuccess(input.email);
  const session = await createSession(db, user.id);
  return { userId: user.id, ...session };
}
