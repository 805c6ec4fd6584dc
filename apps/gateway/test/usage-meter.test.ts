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
