/**
 * Periodic checks of every live API's upstream (issue #16). Each tick claims the APIs whose
 * check is due (store/api-health.ts: one gateway of several gets each claim), asks each upstream
 * for its health path a few at a time, and records the result. Off the hot path: a timer, the
 * background Postgres pool, at most `concurrency` checks in flight, each cut at `timeoutMs`.
 *
 * A check dials through the API's own upstream pool (proxy/upstream-pools.ts), so it goes where
 * the proxy goes and nowhere else: the guarded connector refuses private and metadata addresses
 * (after DNS and on the socket actually connected), an API whose upstream URL is refused is
 * recorded down without any dial, and the health path is a plain path on that origin
 * (packages/contract health.ts). Redirects are not followed.
 */
import { HEALTH_CHECK_USER_AGENT } from "@tollbooth/contract";
import type { Dispatcher } from "undici";
import type { TenantApi } from "../config/tenant-config";
import type { Logger } from "../ops/logger";
import { signUpstreamRequest } from "../proxy/origin-signer";
import type { UpstreamPools } from "../proxy/upstream-pools";
import type { ApiHealthStore, CheckResult } from "../store/api-health";

export interface HealthCheckOptions {
  /** How often each API is checked (by one gateway of however many share the database). */
  intervalMs: number;
  /** A check without a response head in this time counts as failed. */
  timeoutMs: number;
  /** Checks in flight at once, per gateway. */
  concurrency: number;
  /** Failed checks in a row before the state turns down: one lost packet is not an outage. */
  downAfter: number;
}

export interface HealthCheckerDeps {
  store: ApiHealthStore;
  apis: () => Iterable<TenantApi>;
  pools: UpstreamPools;
  logger: Logger;
  options: HealthCheckOptions;
}

/** Rows older than the retention are deleted this often (by every gateway; the DELETE is idempotent). */
const PRUNE_EVERY_MS = 3_600_000;
/** Bytes of a health answer read before the connection is dropped instead. */
const BODY_LIMIT = 64 * 1024;

function failureOf(err: unknown): string {
  const code = (err as { code?: string } | null)?.code ?? "";
  if (code === "EFORBIDDENADDRESS") return "upstream_forbidden";
  const name = (err as { name?: string } | null)?.name ?? "";
  if (
    name === "TimeoutError" ||
    name === "AbortError" ||
    (code.startsWith("UND_ERR_") && code.includes("TIMEOUT"))
  )
    return "upstream_timeout";
  return "upstream_unreachable";
}

export class HealthChecker {
  private timer: NodeJS.Timeout | null = null;
  /** The claim in progress (one at a time per gateway). */
  private claiming: Promise<void> | null = null;
  /** Checks started and not yet recorded: never more than `concurrency`. */
  private readonly inFlight = new Set<Promise<void>>();
  private lastPrune = 0;

  constructor(private readonly deps: HealthCheckerDeps) {}

  /** Starts ticking; an interval of 0 means health checks are off on this gateway. */
  start(): void {
    const { intervalMs } = this.deps.options;
    if (intervalMs <= 0) return;
    // Ticks a few times per interval, so a due check waits at most a quarter of it.
    const tickMs = Math.max(50, Math.min(1_000, Math.floor(intervalMs / 4)));
    this.timer = setInterval(() => {
      this.claiming ??= this.tick().finally(() => {
        this.claiming = null;
      });
    }, tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.claiming;
    await Promise.all(this.inFlight);
  }

  /**
   * Claims as many due checks as there is room for and starts them; does not wait for them, so
   * one slow upstream holds one slot, not the round. Never throws (Postgres away: next tick).
   */
  async tick(): Promise<void> {
    const { store, logger, options } = this.deps;
    try {
      const live = new Map<string, TenantApi>();
      for (const api of this.deps.apis()) {
        if (api.published && api.status === "active") live.set(api.id, api);
      }
      const room = options.concurrency - this.inFlight.size;
      const due = await store.claimDue([...live.keys()], options.intervalMs, room);
      for (const id of due) {
        const api = live.get(id);
        if (!api) continue;
        const run = this.checkAndRecord(api).finally(() => this.inFlight.delete(run));
        this.inFlight.add(run);
      }
      if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = Date.now();
        await store.prune();
      }
    } catch (err) {
      logger.warn({ err: String(err) }, "health checks wait for postgres");
    }
  }

  /** Until every check started so far is recorded (tests step the checker with tick + drain). */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private async checkAndRecord(api: TenantApi): Promise<void> {
    const { store, logger, options } = this.deps;
    try {
      const result = await this.check(api);
      const change = await store.record(api.id, result, options.downAfter);
      if (change)
        logger.info({ tenant: api.slug, ...change, error: result.error }, "upstream health changed");
    } catch (err) {
      logger.warn({ tenant: api.slug, err: String(err) }, "health check not recorded");
    }
  }

  /** GET of the health path, as the proxy would send it but with no client headers. */
  async check(api: TenantApi): Promise<CheckResult> {
    if (api.upstreamRefusal) return { ok: false, latencyMs: 0, status: null, error: "upstream_forbidden" };
    if (api.secretRefusal)
      return { ok: false, latencyMs: 0, status: null, error: "upstream_secret_unavailable" };
    const headers: Record<string, string> = {
      host: api.upstreamHost,
      "user-agent": HEALTH_CHECK_USER_AGENT,
    };
    if (api.secretHeader && api.secretValue) headers[api.secretHeader] = api.secretValue;
    const path = api.healthPath || "/";
    // Signed like a proxied call, so an upstream that refuses unsigned traffic still answers checks.
    if (api.originSigningKey) signUpstreamRequest(headers, api.originSigningKey, "GET", path, null);
    const { timeoutMs } = this.deps.options;
    const started = performance.now();
    try {
      const res = await this.deps.pools.get(api.upstreamOrigin, api.allowPrivateUpstream).request({
        method: "GET",
        path,
        headers,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      } as Dispatcher.RequestOptions);
      const latencyMs = performance.now() - started;
      await res.body.dump({ limit: BODY_LIMIT }).catch(() => {});
      // Any answer below 500 means the upstream is there and serving: a 401 (the secret was
      // rotated), a 404 (no such health route) or a 402 of its own are the provider's business,
      // not an outage; 5xx is the upstream saying it cannot serve.
      return { ok: res.statusCode < 500, latencyMs, status: res.statusCode, error: null };
    } catch (err) {
      return { ok: false, latencyMs: performance.now() - started, status: null, error: failureOf(err) };
    }
  }
}
