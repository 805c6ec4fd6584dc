import assert from "node:assert/strict";
import { test } from "node:test";
import { newEventId } from "../src/metering/event-id";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("ids are RFC 9562 version 7 with the variant bits set", () => {
  for (let i = 0; i < 5000; i++) assert.match(newEventId(), V7);
});

test("the first 48 bits are the Unix milliseconds given", () => {
  for (const ms of [0, 1, 1_763_683_200_123, 2 ** 48 - 1]) {
    const id = newEventId(ms);
    assert.equal(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), ms, id);
  }
});

test("ids sort by time across milliseconds and never repeat", () => {
  const ids: string[] = [];
  for (let ms = 1_763_683_200_000; ms < 1_763_683_200_000 + 2000; ms++)
    ids.push(newEventId(ms), newEventId(ms));
  assert.equal(new Set(ids).size, ids.length);
  const earlier = ids.filter((_, i) => i % 2 === 0);
  assert.deepEqual([...earlier].sort(), earlier);
});

test("the random part differs across a refill of the random pool", () => {
  const tails = new Set(Array.from({ length: 1000 }, () => newEventId(42).slice(14)));
  assert.equal(tails.size, 1000);
});
