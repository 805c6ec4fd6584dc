/** Prometheus metrics for the admin port's /metrics, one registry per gateway instance. */
import { Counter, collectDefaultMetrics, Gauge, type Metric, Registry } from "prom-client";

const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface TenantRequests {
  /** answered requests by pricing kind, then status class (STATUS_CLASSES order) */
  byKind: Map<string, Float64Array>;
  /** latency observations per bucket (not cumulative); beyond the last bound only in `count` */
  buckets: Float64Array;
  sum: number;
  count: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  /** Per-request counts live in plain numbers (`tenants`); prom-client sees them only on a scrape. */
  private readonly tenants = new Map<string, TenantRequests>();
  readonly requests = new Counter({
    name: "tollbooth_gateway_requests_total",
    help: "Tenant requests answered, by tenant slug, pricing kind and status class.",
    labelNames: ["tenant", "kind", "status"] as const,
    registers: [this.registry],
    collect: () => {
      this.requests.reset();
      for (const [tenant, t] of this.tenants) {
        for (const [kind, counts] of t.byKind) {
          for (let i = 0; i < STATUS_CLASSES.length; i++) {
            if (counts[i]! > 0) this.requests.inc({ tenant, kind, status: STATUS_CLASSES[i]! }, counts[i]!);
          }
        }
      }
    },
  });
  readonly challenges = new Counter({
    name: "tollbooth_gateway_challenges_total",
    help: "402 challenges issued (new invoices), by tenant slug.",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly challengesRefused = new Counter({
    name: "tollbooth_gateway_challenges_refused_total",
    help: "Challenges refused by flood caps or an unavailable node, by tenant slug and reason.",
    labelNames: ["tenant", "reason"] as const,
    registers: [this.registry],
  });
  readonly payments = new Counter({
    name: "tollbooth_gateway_payments_total",
    help: "Invoices seen settled, by tenant slug.",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly sats = new Counter({
    name: "tollbooth_gateway_sats_total",
    help: "Sats received for settled invoices, by tenant slug.",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  /**
   * One invoice seen settled for the first time — by the settlement stream or by a lookup on the
   * paid path, whichever marks the challenge first (markSettled answers only that one), so each
   * payment is counted exactly once.
   */
  countPayment(tenant: string, sats: number): void {
    this.payments.inc({ tenant });
    this.sats.inc({ tenant }, sats);
  }
  readonly paidCalls = new Counter({
    name: "tollbooth_gateway_paid_calls_total",
    help: "Paid calls consumed (after refunds), by tenant slug.",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly meteringBuffered = new Gauge({
    name: "tollbooth_gateway_metering_buffered_events",
    help: "Usage events waiting to be written to Postgres.",
    registers: [this.registry],
  });
  readonly configReloads = new Counter({
    name: "tollbooth_gateway_config_reloads_total",
    help: "Config reloads that changed something.",
    registers: [this.registry],
  });

  /**
   * One answered request. This runs for every request, so it only bumps numbers: no label
   * objects, no string keys, no prom-client calls (which were ~3% of a proxied request's CPU).
   */
  observeRequest(tenant: string, kind: string, status: number, seconds: number): void {
    let t = this.tenants.get(tenant);
    if (!t) {
      t = { byKind: new Map(), buckets: new Float64Array(LATENCY_BUCKETS.length), sum: 0, count: 0 };
      this.tenants.set(tenant, t);
    }
    let counts = t.byKind.get(kind);
    if (!counts) {
      counts = new Float64Array(STATUS_CLASSES.length);
      t.byKind.set(kind, counts);
    }
    counts[status >= 500 ? 3 : status >= 400 ? 2 : status >= 300 ? 1 : 0]!++;
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]!) i++;
    if (i < LATENCY_BUCKETS.length) t.buckets[i]!++;
    t.sum += seconds;
    t.count++;
  }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(this.latencyMetric() as unknown as Metric);
  }

  /** `…_request_duration_seconds{tenant}` in Prometheus' histogram shape, built from the plain counts. */
  private latencyMetric() {
    const name = "tollbooth_gateway_request_duration_seconds";
    const help = "Time from request to response end, by tenant slug.";
    const get = () => {
      const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> =
        [];
      for (const [tenant, t] of this.tenants) {
        let cumulative = 0;
        for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
          cumulative += t.buckets[i]!;
          values.push({
            metricName: `${name}_bucket`,
            labels: { le: LATENCY_BUCKETS[i]!, tenant },
            value: cumulative,
          });
        }
        values.push({ metricName: `${name}_bucket`, labels: { le: "+Inf", tenant }, value: t.count });
        values.push({ metricName: `${name}_sum`, labels: { tenant }, value: t.sum });
        values.push({ metricName: `${name}_count`, labels: { tenant }, value: t.count });
      }
      return { name, help, type: "histogram", aggregator: "sum", values };
    };
    return {
      name,
      help,
      type: "histogram",
      aggregator: "sum",
      get: async () => get(),
      reset: () => this.tenants.clear(),
    };
  }
}
