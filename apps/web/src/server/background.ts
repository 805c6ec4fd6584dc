/**
 * Work the response must not wait for — where waiting would show in the response time what the
 * response itself hides (whether an account exists): looking the account up, writing its token,
 * sending the mail. Failures are logged, never thrown at the caller. Tests wait with `settled()`.
 */
const pending = new Set<Promise<void>>();

export function inBackground(what: string, work: () => Promise<void>): void {
  const run = (async () => {
    try {
      await work();
    } catch (err) {
      console.error(`web: ${what} failed:`, err instanceof Error ? err.message : String(err));
    }
  })();
  pending.add(run);
  void run.finally(() => pending.delete(run));
}

/** Resolves when everything started so far has finished. */
export async function settled(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
