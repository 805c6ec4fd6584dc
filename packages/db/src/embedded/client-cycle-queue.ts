import type { PGlite } from "@electric-sql/pglite";

// PGlite is ONE Postgres backend; the embedded server lets many client connections share it.
// pglite-socket's own queue hands the backend to whichever client sent the next message, so two
// clients' extended-protocol messages (Parse, Bind, Execute, Sync — how pg and Prisma send every
// parameterised query) interleave: one client's Parse replaces the other's unnamed statement,
// one client's Sync closes the other's portal ("unnamed prepared statement does not exist",
// 'portal "" does not exist'), and an error in one makes the backend skip the other's messages.
// It also stops serving for good after the first message that throws.
//
// This queue gives the backend to one client for a whole message cycle: from its first message
// until a message that ends a cycle (Sync, a simple Query, the startup packet, Terminate) left
// the backend outside a transaction block. Inside BEGIN … COMMIT the client keeps it, so its
// transaction is not interleaved either. Other clients' messages wait, in arrival order.

type Pending = {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
};

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const STARTUP = 0x00; // the startup packet has no type byte; its length's high byte is 0

function endsCycle(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === QUERY || type === TERMINATE || type === STARTUP;
}

function frame(type: number, body: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[0] = type;
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}

/** A simple-protocol ROLLBACK: aborts an explicit or an implicit (extended-protocol) transaction. */
const ROLLBACK_QUERY = frame(QUERY, new TextEncoder().encode("ROLLBACK\0"));
/** Ends an extended-protocol cycle, including the "skip until Sync" state after an error. */
const SYNC_MESSAGE = frame(SYNC);

/**
 * Implements the queue interface pglite-socket's PGLiteSocketHandler calls (enqueue,
 * clearQueueForHandler, clearTransactionIfNeeded, getQueueLength).
 */
export class ClientCycleQueue {
  private queue: Pending[] = [];
  /** The client whose cycle or transaction is open; null when the backend is free. */
  private holder: number | null = null;
  private draining = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A client went away: its waiting messages will never run. */
  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((pending) => {
      if (pending.handlerId !== handlerId) return true;
      pending.reject(new Error("client disconnected"));
      return false;
    });
  }

  /**
   * A client went away mid-cycle or mid-transaction: undo what it left open, as Postgres does
   * when a connection drops (roll back, never commit), and free the backend for the others.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    await this.db.runExclusive(async () => {
      if (this.holder !== handlerId) return;
      await this.db.execProtocolRaw(ROLLBACK_QUERY); // ignored if the backend skips until Sync
      await this.db.execProtocolRaw(SYNC_MESSAGE);
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
      this.holder = null;
    });
    void this.drain();
  }

  private next(): Pending | undefined {
    if (this.holder === null) return this.queue.shift();
    const index = this.queue.findIndex((pending) => pending.handlerId === this.holder);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let pending = this.next(); pending; pending = this.next()) {
        this.holder = pending.handlerId;
        let bytes = 0;
        const { message, onData } = pending;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data) => {
                bytes += data.length;
                onData(data);
              },
            }),
          );
          pending.resolve(bytes);
        } catch (error) {
          // The handler closes that client; clearTransactionIfNeeded then frees the backend.
          pending.reject(error);
          continue;
        }
        if (endsCycle(message) && !this.db.isInTransaction()) this.holder = null;
      }
    } finally {
      this.draining = false;
    }
  }
}
