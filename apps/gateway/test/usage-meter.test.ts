import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type UsageEvent, UsageMeter } from "../src/metering/usage-meter";

const event = (i: number): UsageEvent => ({
  id: UsageMeter.newEventId(),
  tenantId: "t",
  apiId: "a",
  method: "GET",
  route: "/*",
  tokenId: null,
  status: 200,
  latencyMs: i,
  sats: 1,
  msats: 1000n,
  free: false,
  forwarded: true,
  occurredAt: new Date(),
});

describe("UsageMeter", () => {
  it("keeps events while the sink fails and writes each once after it recovers", async () => {
    const stored = new Map<string, UsageEvent>();
    let down = true;
    let attempts = 0;
    const meter = new UsageMeter({
      batchSize: 7,
      sink: async (batch) => {
        attempts++;
        if (down) throw new Error("postgres is away");
        for (const e of batch) stored.set(e.id, e);
      },
    });
    for (let i = 0; i < 50; i++) meter.record(event(i));
    await meter.flushOnce();
    await meter.flushOnce();
    assert.equal(meter.buffered, 50);
    assert.equal(stored.size, 0);
    down = false;
    assert.equal(await meter.drain(), true);
    assert.equal(stored.size, 50);
    assert.equal(meter.written, 50);
    assert.ok(attempts >= 9);
  });

  it("stop() flushes what is left", async () => {
    const stored: UsageEvent[] = [];
    const meter = new UsageMeter({ sink: async (b) => void stored.push(...b), flushIntervalMs: 10_000 });
    meter.start();
    for (let i = 0; i < 3; i++) meter.record(event(i));
    await meter.stop();
    assert.equal(stored.length, 3);
  });

  it("drops the oldest beyond the bound and counts them", async () => {
    const meter = new UsageMeter({ sink: async () => {}, maxBuffered: 5 });
    for (let i = 0; i < 8; i++) meter.record(event(i));
    assert.equal(meter.buffered, 5);
    assert.equal(meter.dropped, 3);
  });

  it("gives up at the deadline when the sink stays down", async () => {
    const meter = new UsageMeter({
      sink: async () => {
        throw new Error("down");
      },
    });
    meter.record(event(1));
    assert.equal(await meter.drain(Date.now() + 50), false);
    assert.equal(meter.buffered, 1);
  });
});

describe("UsageMeter under load", () => {
  it("one timer tick writes every whole batch waiting, back to back, not one batch per tick", async (t) => {
    t.mock.timers.enable({ apis: ["setInterval"] });
    const batches: number[] = [];
    const meter = new UsageMeter({
      batchSize: 100,
      flushIntervalMs: 200,
      sink: async (batch) => {
        batches.push(batch.length);
      },
    });
    for (let i = 0; i < 350; i++) meter.record(event(i));
    meter.start();
    t.mock.timers.tick(200);
    for (let i = 0; i < 50 && meter.buffered > 50; i++) await new Promise((r) => setImmediate(r));
    // The last 50 (less than a batch) wait for the next tick.
    assert.deepEqual(batches, [100, 100, 100]);
    assert.equal(meter.buffered, 50);
    t.mock.timers.tick(200);
    for (let i = 0; i < 50 && meter.buffered > 0; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(batches, [100, 100, 100, 50]);
    assert.equal(meter.buffered, 0);
    await meter.stop();
  });
});
