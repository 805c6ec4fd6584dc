/**
 * Slows password guessing: after 10 failed sign-ins for one email within 15 minutes, further
 * attempts are refused until the window passes. In memory, per web process — enough to make
 * online guessing impractical on one instance; a shared store would be needed behind a balancer.
 */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;

export class AttemptLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  isBlocked(key: string): boolean {
    const entry = this.failures.get(key);
    if (!entry) return false;
    if (this.now() - entry.since > this.windowMs) {
      this.failures.delete(key);
      return false;
    }
    return entry.count >= this.max;
  }

  recordFailure(key: string): void {
    const entry = this.failures.get(key);
    if (!entry || this.now() - entry.since > this.windowMs)
      this.failures.set(key, { count: 1, since: this.now() });
    else entry.count += 1;
    if (this.failures.size > 50_000) this.failures.clear();
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }
}

export const signInLimiter = new AttemptLimiter();
