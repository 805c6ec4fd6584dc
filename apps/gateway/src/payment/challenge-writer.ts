/**
 * Group insert for new challenges. Each 402 must be stored before it is answered; one INSERT per
 * challenge spent more gateway CPU on the Postgres round trip (a socket write and read each) than
 * on anything else in the challenge, and a commit each on the server. Here at most `connections`
 * statements run at once; challenges that arrive while they run wait and go together in the next
 * statement. Under light load a challenge is written alone, at once: batching never adds a wait.
 * A failed statement fails every challenge in it (each caller answers 503 and the client retries).
 */
import type { ChallengeStore, NewChallenge } from "../store/challenge-store";

interface Pending {
  challenge: NewChallenge;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface ChallengeWriterOptions {
  /** Statements in flight at once: the size of the pool the store queries. */
  connections: number;
  /** Most challenges in one statement. */
  maxBatch?: number;
}

export class ChallengeWriter {
  private readonly waiting: Pending[] = [];
  private running = 0;
  private readonly maxBatch: number;

  constructor(
    private readonly store: Pick<ChallengeStore, "insertMany">,
    private readonly options: ChallengeWriterOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 100;
  }

  insert(challenge: NewChallenge): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ challenge, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.connections && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.running++;
      this.store
        .insertMany(batch.map((p) => p.challenge))
        .then(
          () => {
            for (const p of batch) p.resolve();
          },
          (err: unknown) => {
            for (const p of batch) p.reject(err);
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}
