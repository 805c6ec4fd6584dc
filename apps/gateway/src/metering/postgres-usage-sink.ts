/** Writes a batch of usage events in one INSERT; a repeated event id is stored once. */
import type { UsageSink } from "./usage-meter";

export interface SqlQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

const INSERT_EVENTS = `
INSERT INTO usage_events (id, tenant_id, api_id, method, route, token_id, status, latency_ms, sats, msats, free, occurred_at)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[],
                     $9::int[], $10::bigint[], $11::bool[], $12::timestamptz[])
ON CONFLICT (id) DO NOTHING`;

export function createPostgresUsageSink(db: SqlQueryable): UsageSink {
  return async (events) => {
    await db.query(INSERT_EVENTS, [
      events.map((e) => e.id),
      events.map((e) => e.tenantId),
      events.map((e) => e.apiId),
      events.map((e) => e.method),
      events.map((e) => e.route),
      events.map((e) => e.tokenId),
      events.map((e) => e.status),
      events.map((e) => Math.min(2_147_483_647, Math.round(e.latencyMs))),
      events.map((e) => e.sats),
      events.map((e) => e.msats.toString()),
      events.map((e) => e.free),
      events.map((e) => e.occurredAt.toISOString()),
    ]);
  };
}
