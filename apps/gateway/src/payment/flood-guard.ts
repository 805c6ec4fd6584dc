/**
 * Caps on new challenges (each one costs the provider's node an invoice): a token bucket per
 * client and one per tenant. Paid calls never pass through here, so an unauthenticated flood is
 * refused cheaply and cannot starve them.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

class BucketMap {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys: number,
  ) {}

  take(key: string, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(
        this.limit.burst,
        bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond,
      );
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private evict(now: number): void {
    // Full buckets carry no state worth keeping; drop them (and, if none, the oldest).
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst)
        this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}

export interface FloodGuardOptions {
  perClient: RateLimit;
  perTenant: RateLimit;
  maxTrackedClients?: number;
}

export type FloodVerdict =
  | { ok: true }
  | { ok: false; scope: "client" | "tenant"; retryAfterSeconds: number };

export class FloodGuard {
  private readonly clients: BucketMap;
  private readonly tenants: BucketMap;

  constructor(private readonly options: FloodGuardOptions) {
    this.clients = new BucketMap(options.perClient, options.maxTrackedClients ?? 100_000);
    this.tenants = new BucketMap(options.perTenant, 100_000);
  }

  admit(tenantId: string, clientKey: string, now = Date.now()): FloodVerdict {
    if (!this.clients.take(`${tenantId} ${clientKey}`, now)) {
      return {
        ok: false,
        scope: "client",
        retryAfterSeconds: Math.max(1, Math.ceil(1 / this.options.perClient.perSecond)),
      };
    }
    if (!this.tenants.take(tenantId, now)) {
      return { ok: false, scope: "tenant", retryAfterSeconds: 1 };
    }
    return { ok: true };
  }
}
