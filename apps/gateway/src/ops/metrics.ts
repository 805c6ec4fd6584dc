/** Prometheus metrics for the admin port's /metrics, one registry per gateway instance. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: "tollbooth_gateway_requests_total",
    help: "Tenant requests answered, by tenant slug, pricing kind and status class.",
    labelNames: ["tenant", "kind", "status"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "tollbooth_gateway_request_duration_seconds",
    help: "Time from request to response end, by tenant slug.",
    labelNames: ["tenant"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
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

  private readonly requestChildren = new Map<string, { inc(): void }>();
  private readonly latencyChildren = new Map<string, { observe(v: number): void }>();

  /** One answered request: label children are cached so the hot path does no label hashing. */
  observeRequest(tenant: string, kind: string, status: number, seconds: number): void {
    const statusClass = status >= 500 ? "5xx" : status >= 400 ? "4xx" : status >= 300 ? "3xx" : "2xx";
    const key = `${tenant} ${kind} ${statusClass}`;
    let counter = this.requestChildren.get(key);
    if (!counter) {
      counter = this.requests.labels({ tenant, kind, status: statusClass });
      this.requestChildren.set(key, counter);
    }
    counter.inc();
    let histogram = this.latencyChildren.get(tenant);
    if (!histogram) {
      histogram = this.latency.labels({ tenant });
      this.latencyChildren.set(tenant, histogram);
    }
    histogram.observe(seconds);
  }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
