/**
 * Writes a batch of usage events in one INSERT; a repeated event id is stored once.
 *
 * Every proxied call becomes a row, so this runs for every request. The arrays are sent as
 * Postgres array literals built here in one pass: node-postgres' generic array encoder (a
 * prepareValue and a regex escape per element, thirteen arrays) and an ISO date string per event
 * cost more CPU than the proxying itself at full load. uuids, numbers and booleans need no
 * quoting; text is always quoted (so a method spelled "NULL" stays text); times go as epoch
 * milliseconds and become timestamptz in SQL.
 */
import type { UsageEvent, UsageSink } from "../metering/usage-meter";
import type { Queryable } from "./queryable";

const INSERT_EVENTS = `
INSERT INTO usage_events (id, tenant_id, api_id, method, route, token_id, status, latency_ms, sats, msats, free, forwarded, occurred_at)
SELECT id, tenant_id, api_id, method, route, token_id, status, latency_ms, sats, msats, free, forwarded,
       to_timestamp(occurred_ms / 1000.0)
FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[],
            $9::int[], $10::bigint[], $11::bool[], $12::bool[], $13::float8[])
     AS e(id, tenant_id, api_id, method, route, token_id, status, latency_ms, sats, msats, free, forwarded, occurred_ms)
ON CONFLICT (id) DO NOTHING`;

/** An element of a text[] literal: always double-quoted, `"` and `\` escaped. */
function quoted(text: string): string {
  return text.includes('"') || text.includes("\\") ? `"${text.replace(/["\\]/g, "\\$&")}"` : `"${text}"`;
}

export function encodeUsageEvents(events: readonly UsageEvent[]): unknown[] {
  let ids = "";
  let tenants = "";
  let apis = "";
  let methods = "";
  let routes = "";
  let tokens = "";
  let statuses = "";
  let latencies = "";
  let sats = "";
  let msats = "";
  let free = "";
  let forwarded = "";
  let times = "";
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const sep = i === 0 ? "" : ",";
    ids += sep + e.id;
    tenants += sep + e.tenantId;
    apis += sep + e.apiId;
    methods += sep + quoted(e.method);
    routes += sep + quoted(e.route);
    tokens += sep + (e.tokenId === null ? "NULL" : quoted(e.tokenId));
    statuses += sep + e.status;
    latencies += sep + Math.min(2_147_483_647, Math.round(e.latencyMs));
    sats += sep + e.sats;
    msats += sep + e.msats;
    free += sep + (e.free ? "t" : "f");
    forwarded += sep + (e.forwarded ? "t" : "f");
    times += sep + e.occurredAt.getTime();
  }
  return [
    ids,
    tenants,
    apis,
    methods,
    routes,
    tokens,
    statuses,
    latencies,
    sats,
    msats,
    free,
    forwarded,
    times,
  ].map((list) => `{${list}}`);
}

export function createPostgresUsageSink(db: Queryable): UsageSink {
  return async (events) => {
    await db.query(INSERT_EVENTS, encodeUsageEvents(events));
  };
}
