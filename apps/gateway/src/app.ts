/**
 * The gateway's request handler. Builds, never listens (server.ts does), so tests create it and
 * send real HTTP on port 0. The hot path reads top to bottom:
 *   resolve tenant → price the route → check credential and consume → proxy → meter.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConfigSource } from "./config/config-source";
import type { TenantApi } from "./config/tenant-config";
import { DISCOVERY_PATH, QUOTE_PATH, sendDiscovery, sendQuote } from "./http/discovery";
import { parseRequestPath } from "./http/request-path";
import { sendError } from "./http/send-error";
import { UsageMeter } from "./metering/usage-meter";
import type { Logger } from "./ops/logger";
import type { GatewayMetrics } from "./ops/metrics";
import type { Grant, Paywall } from "./payment/paywall-types";
import { priceRoute, type RoutePrice } from "./pricing/price-route";
import { buildUpstreamHeaders } from "./proxy/forward-headers";
import { forwardRequest, sendProxyFailure } from "./proxy/forward-request";
import type { UpstreamPools } from "./proxy/upstream-pools";
import { effectiveHost, resolveTenant } from "./tenant/resolve-tenant";

export interface GatewayAppOptions {
  domain: string;
  trustProxy: boolean;
}

export interface GatewayAppDeps {
  config: ConfigSource;
  pools: UpstreamPools;
  meter: UsageMeter;
  paywall: Paywall;
  metrics: GatewayMetrics;
  logger: Logger;
  options: GatewayAppOptions;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const REFUSED_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

export function clientKeyOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers["x-forwarded-for"];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

export function createGatewayApp(deps: GatewayAppDeps): RequestHandler {
  const { config, pools, meter, paywall, metrics, logger, options } = deps;

  // Defined once here, not inside handle: a nested function is a new closure per request, and
  // under tsx (esbuild keepNames) also a defineProperty call to name it.
  function finish(
    api: TenantApi,
    route: RoutePrice,
    method: string,
    started: number,
    status: number,
    tokenId: string | null,
    g: Grant | null,
  ): void {
    const latencyMs = performance.now() - started;
    meter.record({
      id: UsageMeter.newEventId(),
      tenantId: api.tenantId,
      apiId: api.id,
      method,
      route: route.pathPattern,
      tokenId,
      status,
      latencyMs,
      sats: g?.sats ?? 0,
      msats: g?.msats ?? 0n,
      free: g ? g.free : route.kind === "free",
      occurredAt: new Date(),
    });
    metrics.observeRequest(api.slug, route.kind, status, latencyMs / 1000);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? "GET";

    // 1. Resolve the tenant.
    const target = resolveTenant(
      { host: req.headers.host, forwardedHost: req.headers["x-forwarded-host"], url: req.url ?? "" },
      options.domain,
      options.trustProxy,
    );
    if (!target) return sendError(res, 404, "unknown_tenant", "No API is served at this address.");
    const api = config.current().apis.get(target.slug);
    if (!api || api.status === "disabled") {
      return sendError(res, 404, "unknown_tenant", `No API named "${target.slug}" is served here.`);
    }
    const parsed = parseRequestPath(target.pathAndQuery);
    if (!parsed.ok) return sendError(res, 400, "invalid_path", parsed.message);
    if (parsed.path === DISCOVERY_PATH || parsed.path === QUOTE_PATH) {
      if (method !== "GET" && method !== "HEAD") {
        return sendError(res, 405, "method_not_allowed", "Use GET.", { allow: "GET, HEAD" });
      }
      if (parsed.path === QUOTE_PATH) return sendQuote(res, api, parsed.query);
      const host = effectiveHost({ host: req.headers.host, forwardedHost: undefined, url: "" }, false);
      return sendDiscovery(res, api, `http://${req.headers.host ?? host}${target.prefix}`);
    }
    if (api.status === "paused") {
      return sendError(res, 503, "api_paused", "The provider has paused this API.", { "retry-after": "60" });
    }
    const transferEncoding = req.headers["transfer-encoding"];
    if (transferEncoding !== undefined && transferEncoding.trim().toLowerCase() !== "chunked") {
      // Node only frames `chunked`; anything else is a smuggling attempt or a client we cannot serve.
      return sendError(res, 400, "bad_request", "Only chunked Transfer-Encoding is accepted.", {
        connection: "close",
      });
    }
    if (REFUSED_METHODS.has(method)) {
      return sendError(res, 405, "method_not_allowed", `${method} is not proxied.`);
    }
    if (api.upstreamRefusal) {
      return sendError(res, 502, "upstream_forbidden", "This API's upstream address is not allowed.");
    }
    if (api.secretRefusal) {
      // Before the paywall: nobody pays for a call that cannot be made.
      return sendError(
        res,
        503,
        "upstream_secret_unavailable",
        "This API's upstream credentials cannot be used; the provider must re-enter them.",
      );
    }

    // 2. Price the route.
    const route = priceRoute(api.rules, method, parsed.path);

    // 3. Check the credential and consume one call (or a free-tier call).
    let grant: Grant | null = null;
    if (route.kind !== "free") {
      const clientKey = clientKeyOf(req, options.trustProxy);
      const pending = paywall.authorize({
        api,
        route,
        method,
        path: parsed.path,
        clientKey,
        req,
        res,
      });
      // A warm token is decided without I/O: no await, so the call goes upstream in this tick.
      const decision = pending instanceof Promise ? await pending : pending;
      if (decision.kind === "answered") {
        finish(api, route, method, started, decision.status, decision.tokenId, null);
        return;
      }
      grant = decision.grant;
    }

    // 4. Proxy.
    const headers = buildUpstreamHeaders({
      headers: req.headers,
      clientIp: req.socket.remoteAddress ?? "",
      publicHost: req.headers.host ?? "",
      proto: "http",
      priorForwardedFor: options.trustProxy
        ? (req.headers["x-forwarded-for"] as string | undefined)
        : undefined,
      secretHeader: api.secretHeader,
      secretValue: api.secretValue,
      upstreamHost: api.upstreamHost,
    });
    const paid = grant;
    const giveBack = paid
      ? () =>
          paywall
            .refund(api, paid)
            .catch((err: unknown) => logger.error({ err, tenant: api.slug }, "refund failed"))
      : undefined;
    const outcome = await forwardRequest(req, res, {
      pool: pools.get(api.upstreamOrigin, api.allowPrivateUpstream),
      method,
      path: api.upstreamBasePath + target.pathAndQuery,
      headers,
      onFailedAnswer: giveBack,
    });
    if (outcome.error && outcome.error !== "client_closed") {
      logger.warn({ tenant: api.slug, error: outcome.error, status: outcome.status }, "upstream failed");
    }
    if (grant && outcome.failed && outcome.error !== "client_closed") {
      // The upstream did not deliver: the caller keeps the call it paid for (already given back
      // before a 5xx answer ended; here for timeouts and unreachable upstreams, before we answer).
      // A client that hangs up is not refunded: the upstream may well have done the work.
      if (!outcome.compensated) await giveBack?.();
      grant = { ...grant, sats: 0, msats: 0n };
    }
    sendProxyFailure(res, outcome);

    // 5. Meter.
    finish(api, route, method, started, outcome.status, grant?.tokenId ?? null, grant);
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error({ err }, "request failed");
      sendError(res, 500, "internal_error", "The gateway failed to handle this request.");
    });
  };
}
