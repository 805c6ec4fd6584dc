/**
 * Free tier: the first N calls per client per fixed window pass without payment, counted in
 * Postgres (shared by every gateway instance) with a conditional upsert — an economic limit: past
 * N the client gets a 402, not a 429.
 */
import type { Queryable } from "./queryable";

const TAKE = `
INSERT INTO free_tier_usage (api_id, client_key, window_start, calls) VALUES ($1, $2, $3, 1)
ON CONFLICT (api_id, client_key, window_start)
DO UPDATE SET calls = free_tier_usage.calls + 1 WHERE free_tier_usage.calls < $4
RETURNING calls`;

const GIVE_BACK = `
UPDATE free_tier_usage SET calls = greatest(calls - 1, 0)
WHERE api_id = $1 AND client_key = $2 AND window_start = $3`;

export interface FreeTierSlot {
  clientKey: string;
  windowStart: Date;
}

export class FreeTier {
  constructor(private readonly db: Queryable) {}

  static windowStart(now: number, windowSeconds: number): Date {
    const size = Math.max(1, windowSeconds) * 1000;
    return new Date(Math.floor(now / size) * size);
  }

  async take(
    apiId: string,
    clientKey: string,
    calls: number,
    windowSeconds: number,
  ): Promise<FreeTierSlot | null> {
    if (calls <= 0) return null;
    const windowStart = FreeTier.windowStart(Date.now(), windowSeconds);
    const result = await this.db.query(TAKE, [apiId, clientKey, windowStart.toISOString(), calls]);
    return result.rows.length === 1 ? { clientKey, windowStart } : null;
  }

  async giveBack(apiId: string, slot: FreeTierSlot): Promise<void> {
    await this.db.query(GIVE_BACK, [apiId, slot.clientKey, slot.windowStart.toISOString()]);
  }
}
