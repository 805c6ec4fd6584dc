/**
 * The admin port (loopback): liveness, readiness and Prometheus metrics. Never tenant traffic.
 * It answers only to its own names: a web page whose host name is rebound to 127.0.0.1 (DNS
 * rebinding) sends its own Host, and gets a 421 instead of the metrics.
 */
import { createServer, type Server } from "node:http";
import { sendJson } from "../http/send-error";
import type { GatewayMetrics } from "./metrics";

export interface AdminState {
  /** Config loaded and not shutting down. */
  ready(): { ok: boolean; reason?: string };
  /** Whether the gateway serves this host name (for a TLS proxy's on-demand certificates). */
  servesHost?(host: string): boolean;
}

export interface AdminServerOptions {
  /** Host names accepted besides 127.0.0.1, localhost and [::1] (any port), lowercase. */
  hosts?: string[];
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** The host name of a Host header without its port, lowercase; null when it is not one host. */
function hostName(host: string | undefined): string | null {
  if (!host) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(host.trim());
  return match ? match[1]!.toLowerCase() : null;
}

export function createAdminServer(
  metrics: GatewayMetrics,
  state: AdminState,
  options: AdminServerOptions = {},
): Server {
  const allowed = new Set([...LOOPBACK_NAMES, ...(options.hosts ?? [])]);
  // requireHostHeader off: a request without Host gets the JSON 421 below, not Node's bare 400.
  return createServer({ requireHostHeader: false }, (req, res) => {
    const name = hostName(req.headers.host);
    if (name === null || !allowed.has(name)) {
      return sendJson(res, 421, {
        error: "unexpected_host",
        message: "The admin port answers only to localhost, 127.0.0.1, [::1] or GATEWAY_ADMIN_HOSTS.",
      });
    }
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendJson(res, 405, { error: "method_not_allowed", message: "Use GET." });
    }
    if (path === "/healthz") return sendJson(res, 200, { ok: true });
    if (path === "/readyz") {
      const ready = state.ready();
      return sendJson(
        res,
        ready.ok ? 200 : 503,
        ready.ok ? { ok: true } : { ok: false, reason: ready.reason },
      );
    }
    if (path === "/tls/allowed") {
      // Caddy's on_demand_tls `ask`: a certificate only for names we serve, so nobody can make
      // the proxy request certificates for arbitrary names pointed at it.
      const domain = new URLSearchParams((req.url ?? "").split("?")[1] ?? "").get("domain") ?? "";
      const ok = state.servesHost?.(domain.toLowerCase()) ?? false;
      return sendJson(
        res,
        ok ? 200 : 404,
        ok ? { ok: true } : { error: "unknown_host", message: "Not served here." },
      );
    }
    if (path === "/metrics") {
      metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { "content-type": metrics.registry.contentType });
          res.end(text);
        })
        .catch(() => sendJson(res, 500, { error: "metrics_failed", message: "Cannot collect metrics." }));
      return;
    }
    sendJson(res, 404, { error: "not_found", message: "Try /healthz, /readyz, /metrics or /tls/allowed." });
  });
}
