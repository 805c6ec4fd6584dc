import { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { peekAuthToken, spendAuthToken } from "./auth-token";
import { createSession } from "./create-session";
import { type Client, checkPassword } from "./sign-in";

export const ZConfirmEmailSchema = z.object({
  token: z.string().max(100),
  password: z.string().max(200),
});

/**
 * Confirms the address from the mailed link and signs in. The password is asked for again: a
 * link alone would let someone who signed up with *your* address (and knows its password) have
 * you confirm an account they can also enter. The check is throttled like sign-in.
 */
export async function confirmEmail(db: Db, input: z.infer<typeof ZConfirmEmailSchema>, client: Client) {
  const dead = () =>
    new AppError("bad_request", "This link is not valid any more. Sign in to get a new one.");
  const owner = await peekAuthToken(db, input.token, "verify_email");
  if (!owner) throw dead();
  await checkPassword(db, { email: owner.email, password: input.password }, client);
  const userId = await spendAuthToken(db, input.token, "verify_email");
  if (userId !== owner.id) throw dead();
  await db.user.updateMany({
    where: { id: userId, emailVerifiedAt: null },
    data: { emailVerifiedAt: new Date() },
  });
  const session = await createSession(db, userId);
  return { userId, ...session };
}
