/**
 * Whether the ledger counts in Postgres or, while Postgres is unreachable, on this instance's
 * OfflineCount; and the way back: the journal is written back as soon as Postgres answers, and
 * until it is empty every call stays on the local count, so nothing is counted twice.
 */
import type { Queryable } from "../store/queryable";
import { OfflineCount } from "./offline-count";

export class OfflineSwitch {
  readonly local: OfflineCount;
  private offline = false;
  private replaying: Promise<void> | null = null;

  constructor(maxKnown: number) {
    this.local = new OfflineCount(maxKnown);
  }

  get isOffline(): boolean {
    return this.offline;
  }

  /** A statement failed because Postgres is not there. */
  goOffline(): void {
    this.offline = true;
  }

  /** Writes the offline journal back; back online when it is empty. */
  replay(db: Queryable): Promise<void> {
    if (this.replaying) return this.replaying;
    if (!this.offline) return Promise.resolve();
    this.replaying = this.local
      .replay(db)
      .then((empty) => {
        if (empty) this.offline = false;
      })
      .catch(() => {})
      .finally(() => {
        this.replaying = null;
      });
    return this.replaying;
  }
}
