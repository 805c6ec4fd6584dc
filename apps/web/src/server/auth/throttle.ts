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
} satisfies Record<string, ThrottleRule>;

export interface ThrottleState {
  attempts: number;
  blockedUntil: number;
  updatedAt: number;
}

export type ThrottleDecision =
  | { allowed: true; next: ThrottleState }
  | { allowed: false; retryAfterMs: number };

/** The wait after the n-th attempt (1-based). */
export function delayAfter(n: number, rule: ThrottleRule): number {
  if (n < rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(n - rule.free, 40));
}

/** Pure decision: may one more attempt start now, and what does the key look like after it? */
export function decide(state: ThrottleState | null, now: number, rule: ThrottleRule): ThrottleDecision {
  const fresh = !state || now - state.updatedAt > rule.forgetAfterMs;
  const attempts = fresh ? 0 : state.attempts;
  if (!fresh && attempts >= rule.free && now < state.blockedUntil) {
    return { allowed: false, retryAfterMs: state.blockedUntil - now };
  }
  const n = attempts + 1;
  return { allowed: true, next: { attempts: n, blockedUntil: now + delayAfter(n, rule), updatedAt: now } };
}

interface Row {
  attempts: number;
  blocked_until: Date;
  updated_at: Date;
  now: Date;
}

/**
 * Reserves one attempt on `key` or throws a 429 AppError saying how long to wait. The database's
 * clock is the one clock, so instances with skewed clocks still agree.
 */
export async function reserveAttempt(db: Db, key: string, rule: ThrottleRule, what: string): Promise<void> {
  const decision = await db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO auth_throttles (key, attempts, blocked_until, updated_at)
      VALUES (${key}, 0, now(), now()) ON CONFLICT (key) DO NOTHING`;
    const rows = await tx.$queryRaw<Row[]>`SELECT attempts, blocked_until, updated_at, now() AS now
      FROM auth_throttles WHERE key = ${key} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new Error("auth_throttles row vanished inside its own transaction");
    const state =
      row.attempts === 0
        ? null
        : {
            attempts: row.attempts,
            blockedUntil: row.blocked_until.getTime(),
            updatedAt: row.updated_at.getTime(),
          };
    const d = decide(state, row.now.getTime(), rule);
    if (d.allowed) {
      await tx.$executeRaw`UPDATE auth_throttles SET attempts = ${d.next.attempts},
        blocked_until = ${new Date(d.next.blockedUntil)}, updated_at = ${new Date(d.next.updatedAt)}
        WHERE key = ${key}`;
    }
    return d;
  });
  if (!decision.allowed) {
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new AppError(
      "too_many_requests",
      `Too many ${what}. Try again in ${formatWait(seconds)}.`,
      seconds,
    );
  }
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
