/** The admin port (loopback): liveness, readiness and Prometheus metrics. Never tenant traffic. */
import { createServer, type Server } from "node:http";
import { sendJson } from "../http/send-error";
import type { GatewayMetrics } from "./metrics";

export interface AdminState {
  /** Config loaded and not shutting down. */
  ready(): { ok: boolean; reason?: string };
}

export function createAdminServer(metrics: GatewayMetrics, state: AdminState): Server {
  return createServer((req, res) => {
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
    sendJson(res, 404, { error: "not_found", message: "Try /healthz, /readyz or /metrics." });
  });
}
