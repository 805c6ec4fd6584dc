import { Prisma } from "@tollbooth/db";
import type { Db } from "../db";
import { AppError } from "../errors";

/**
 * Attempt throttling for everything that costs a password hash or sends a mail, kept in Postgres
 * so every web instance counts against the same numbers.
 *
 * An attempt is *reserved* before the work it guards (a row lock serialises reservations on one
 * key), and it is counted as a failure until the caller says otherwise: twenty requests sent at
 * once cannot all slip through before the first one is counted. The first `free` attempts are
 * immediate; after that each needs a growing wait (base · 2^n, capped) — a backoff, not a lockout:
 * the owner can always get in after the wait, or at once through a password reset.
 */
export interface ThrottleRule {
  /** Attempts allowed with no wait. */
  free: number;
  /** Wait after the first attempt past `free`; doubled for each one after. */
  baseMs: number;
  maxMs: number;
  /** A key left alone this long starts again from zero. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const THROTTLE = {
  /** Guesses at one account, from anywhere. 15 minutes a guess at worst: about 100 a day. */
  signInEmail: { free: 5, baseMs: 1000, maxMs: 15 * MINUTE, forgetAfterMs: DAY },
  /** Guesses from one address, at any accounts (password spraying). */
  signInIp: { free: 20, baseMs: 1000, maxMs: 15 * MINUTE, forgetAfterMs: DAY },
  /** Sign-ups from one address: each costs a hash and a mail. */
  signUpIp: { free: 10, baseMs: 10_000, maxMs: 60 * MINUTE, forgetAfterMs: DAY },
  /** Mails (reset, confirmation) to one address, so nobody's inbox can be flooded. */
  mailEmail: { free: 3, baseMs: MINUTE, maxMs: 60 * MINUTE, forgetAfterMs: DAY },
  /** Mail requests from one client address. */
  mailIp: { free: 10, baseMs: 10_000, maxMs: 60 * MINUTE, forgetAfterMs: DAY },
  /**
   * Requests with a bad management API key from one address. A key is 256 random bits, so this
   * is not about guessing: it keeps a misconfigured or hostile client from costing a lookup each.
   */
  apiKeyIp: { free: 20, baseMs: 1000, maxMs: 15 * MINUTE, forgetAfterMs: DAY },
} satisfies Record<string, ThrottleRule>;

/** SQL for the wait after the n-th attempt, in milliseconds: none before `free`, then doubling. */
function waitAfter(n: Prisma.Sql, rule: ThrottleRule): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${n} < ${rule.free}::int THEN 0
    ELSE LEAST(${rule.maxMs}::float8, ${rule.baseMs}::float8 * power(2, LEAST(${n} - ${rule.free}::int, 40))) END)`;
}

/**
 * Reserves one attempt on `key` or throws a 429 AppError saying how long to wait.
 *
 * One statement, so it holds no connection across round trips (a burst of requests must not
 * exhaust the pool) and the upsert's row lock serialises attempts on one key. The row changes only
 * when an attempt may start — the key is new or forgotten, within its free attempts, or past its
 * wait — and then counts it and sets the wait after it. The database's clock is the one clock, so
 * instances agree.
 */
export async function reserveAttempt(db: Db, key: string, rule: ThrottleRule, what: string): Promise<void> {
  const forgotten = Prisma.sql`t.updated_at < now() - ${`${rule.forgetAfterMs} milliseconds`}::interval`;
  const next = Prisma.sql`(CASE WHEN ${forgotten} THEN 1 ELSE t.attempts + 1 END)`;
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    INSERT INTO auth_throttles AS t (key, attempts, blocked_until, updated_at)
    VALUES (${key}, 1, now() + ${waitAfter(Prisma.sql`1`, rule)} * interval '1 millisecond', now())
    ON CONFLICT (key) DO UPDATE SET
      attempts = ${next},
      blocked_until = now() + ${waitAfter(next, rule)} * interval '1 millisecond',
      updated_at = now()
    WHERE ${forgotten} OR t.attempts < ${rule.free}::int OR t.blocked_until <= now()
    RETURNING t.attempts`;
  if (rows.length > 0) return;
  const [wait] = await db.$queryRaw<{ ms: number }[]>`
    SELECT GREATEST(EXTRACT(EPOCH FROM blocked_until - now()) * 1000, 0)::float8 AS ms
    FROM auth_throttles WHERE key = ${key}`;
  const seconds = Math.max(1, Math.ceil((wait?.ms ?? 1000) / 1000));
  throw new AppError("too_many_requests", `Too many ${what}. Try again in ${formatWait(seconds)}.`, seconds);
}

/** The attempt succeeded: the key starts again from zero (the account owner got in). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM auth_throttles WHERE key = ${key}`;
}

/**
 * The attempt succeeded but the key is shared by others (a client address): only this attempt
 * is taken back, the failures of everyone else behind that address still count.
 */
export async function forgiveAttempt(db: Db, key: string): Promise<void> {
  await db.$executeRaw`UPDATE auth_throttles SET attempts = GREATEST(attempts - 1, 0) WHERE key = ${key}`;
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
