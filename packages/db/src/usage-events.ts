import type { Db } from "./client";

/** One metered request, as the gateway records it. Money in integers only. */
export type UsageEventInput = {
  /** Chosen by the gateway (a UUID) before the first attempt, so retries reuse it. */
  id: string;
  tenantId: string;
  apiId: string;
  method: string;
  route: string;
  tokenId?: string | null;
  status: number;
  latencyMs: number;
  sats?: number;
  msats?: bigint;
  free?: boolean;
  occurredAt: Date;
};

/**
 * Appends usage events; an id already stored is skipped (INSERT … ON CONFLICT DO NOTHING), so a
 * retried batch never counts a call twice. Resolves with how many events were new.
 */
export async function recordUsageEvents(db: Db, events: readonly UsageEventInput[]): Promise<number> {
  if (events.length === 0) return 0;
  const { count } = await db.usageEvent.createMany({
    data: events.map((event) => ({
      id: event.id,
      tenantId: event.tenantId,
      apiId: event.apiId,
      method: event.method,
      route: event.route,
      tokenId: event.tokenId ?? null,
      status: event.status,
      latencyMs: event.latencyMs,
      sats: event.sats ?? 0,
      msats: event.msats ?? 0n,
      free: event.free ?? false,
      occurredAt: event.occurredAt,
    })),
    skipDuplicates: true,
  });
  return count;
}
