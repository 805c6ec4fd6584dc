import type { Db } from "../db";
import { AppError } from "../errors";
import { reserveAttempt, THROTTLE } from "./throttle";

/**
 * Whether another account mail may go to `email` now (a few, then one per growing wait), so
 * nobody can flood someone's inbox through our forms. Runs in the background, after the response:
 * a refusal is logged, not shown (showing it would tell who has an account).
 */
export async function mayMail(db: Db, email: string): Promise<boolean> {
  try {
    await reserveAttempt(db, `mail-email:${email}`, THROTTLE.mailEmail, "mails to this address");
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === "too_many_requests") {
      console.warn(`web: not mailing ${email} again yet (${err.message})`);
      return false;
    }
    throw err;
  }
}
