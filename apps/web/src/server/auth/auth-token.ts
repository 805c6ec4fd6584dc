import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db";

/**
 * Single-use links mailed to a user. The mail carries 32 random bytes; the database keeps their
 * sha256, so a leaked database holds no usable link. A token is spent by one UPDATE that only
 * matches an unspent, unexpired row: two clicks at once cannot both use it.
 */
export type AuthTokenPurpose = "verify_email" | "reset_password";

export const TOKEN_MINUTES: Record<AuthTokenPurpose, number> = {
  verify_email: 24 * 60,
  reset_password: 30,
};

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A well-formed token (43 base64url characters); anything else is refused before a query. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function issueAuthToken(db: Db, userId: string, purpose: AuthTokenPurpose): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + TOKEN_MINUTES[purpose] * 60_000);
  await db.authToken.create({ data: { tokenHash: hash(token), userId, purpose, expiresAt } });
  return token;
}

/** The user a live token belongs to, without spending it (to check a new password against). */
export async function peekAuthToken(db: Db, token: string, purpose: AuthTokenPurpose) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db.authToken.findUnique({
    where: { tokenHash: hash(token) },
    include: { user: { select: { id: true, email: true } } },
  });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return row.user;
}

/** Spends the token; the user id when it was live, null when unknown, spent or expired. */
export async function spendAuthToken(
  db: Db,
  token: string,
  purpose: AuthTokenPurpose,
): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const rows = await db.$queryRaw<{ user_id: string }[]>`UPDATE auth_tokens SET used_at = now()
    WHERE token_hash = ${hash(token)} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > now()
    RETURNING user_id`;
  return rows[0]?.user_id ?? null;
}
