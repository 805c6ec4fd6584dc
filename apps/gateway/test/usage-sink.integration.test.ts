import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createPgPool } from "@tollbooth/db";
import { type UsageEvent, UsageMeter } from "../src/metering/usage-meter";
import { createPostgresUsageSink } from "../src/store/usage-events";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must point at a migrated database");

describe("Postgres usage sink", () => {
  const db = createPgPool(url, { max: 2 });
  const tenantId = randomUUID();
  const apiId = randomUUID();
  before(async () => {
    await db.query("INSERT INTO tenants (id, name) VALUES ($1, 'sink test')", [tenantId]);
    await db.query(
      "INSERT INTO apis (id, tenant_id, slug, name, upstream_base_url, updated_at) VALUES ($1, $2, $3, 'Sink', 'http://example.com', now())",
      [apiId, tenantId, `sink-${randomBytes(4).toString("hex")}`],
    );
  });
  after(async () => {
    await db.query("DELETE FROM usage_events WHERE api_id = $1", [apiId]);
    await db.query("DELETE FROM apis WHERE id = $1", [apiId]);
    await db.query("DELETE FROM tenants WHERE id = $1", [tenantId]);
    await db.end();
  });

  it("stores every field as given, awkward text included, and a repeated id once", async () => {
    const at = new Date(Date.UTC(2026, 10, 20, 23, 59, 58, 123));
    const base = { tenantId, apiId, sats: 0, msats: 0n, free: false, forwarded: true, occurredAt: at };
    const events: UsageEvent[] = [
      {
        ...base,
        id: UsageMeter.newEventId(),
        method: "GET",
        route: "/v1/*",
        tokenId: null,
        status: 200,
        latencyMs: 1.6,
        sats: 10,
        msats: 10_000n,
      },
      {
        ...base,
        id: UsageMeter.newEventId(),
        method: "NULL",
        route: 'a "quoted", \\ {route}',
        tokenId: "ab12",
        status: 502,
        latencyMs: 3e12,
        free: true,
      },
      {
        ...base,
        id: UsageMeter.newEventId(),
        method: "PATCH",
        route: "",
        tokenId: "NULL",
        status: 402,
        latencyMs: 0,
        forwarded: false,
        msats: 9_007_199_254_740_993n,
        occurredAt: new Date(at.getTime() + 1),
      },
    ];
    const sink = createPostgresUsageSink(db);
    await sink(events);
    await sink([events[0]!]);
    const { rows } = await db.query(
      "SELECT id, tenant_id, api_id, method, route, token_id, status, latency_ms, sats, msats::text AS msats, free, forwarded, occurred_at FROM usage_events WHERE api_id = $1",
      [apiId],
    );
    assert.equal(rows.length, 3);
    for (const e of events) {
      const row = rows.find((r) => r.id === e.id);
      assert.ok(row, `event ${e.id} stored`);
      assert.deepEqual(
        { ...row, occurred_at: (row.occurred_at as Date).getTime() },
        {
          id: e.id,
          tenant_id: tenantId,
          api_id: apiId,
          method: e.method,
          route: e.route,
          token_id: e.tokenId,
          status: e.status,
          latency_ms: Math.min(2_147_483_647, Math.round(e.latencyMs)),
          sats: e.sats,
          msats: e.msats.toString(),
          free: e.free,
          forwarded: e.forwarded,
          occurred_at: e.occurredAt.getTime(),
        },
      );
    }
  });
});
