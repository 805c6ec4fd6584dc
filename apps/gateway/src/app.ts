/**
 * The gateway's request handler. Builds, never listens (server.ts does), so tests create it and
 * send real HTTP on port 0. The hot path reads top to bottom:
 *   resolve tenant (+ CORS, the canonical path) → price the route → check credential and
 *   consume → proxy → meter.
 * The path priced is the path forwarded: http/request-path.ts makes one canonical path of the
 * request target, pricing matches it, the upstream is sent it re-encoded.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConfigSource } from "./config/config-source";
import type { GatewayAppOptions } from "./config/gateway-options";
import type { TenantApi } from "./config/tenant-config";
import { clientKeyOfAddress, resolveClientAddress } from "./http/client-address";
import { attachCors, corsHeadersFor } from "./http/cors";
import { DISCOVERY_PATH, QUOTE_PATH, sendDiscovery, sendQuote } from "./http/discovery";
import { answerReservation, sendRouteNotFound, sendUnavailable } from "./http/lifecycle-answers";
import { OPENAPI_PATH, sendOpenApi } from "./http/openapi";
import { answerPreflight, isPreflight, refuseOrigin } from "./http/preflight";
import { publicAddress, tenantBaseUrl, tenantPublicHost } from "./http/public-address";
import { parseRequestPath } from "./http/request-path";
import { sendError } from "./http/send-error";
import { VisitorClaims } from "./http/visitor-address";
import { UsageMeter } from "./metering/usage-meter";
import type { Logger } from "./ops/logger";
import type { GatewayMetrics } from "./ops/metrics";
import type { Grant, Paywall } from "./payment/paywall-types";
import { RECEIPT_PATH, type ReceiptDesk } from "./payment/receipt-desk";
import { SETTLEMENT_PATH, type SettlementHandoff } from "./payment/settlement-handoff";
import { priceRoute, type RoutePrice } from "./pricing/price-route";
import { buildUpstreamHeaders } from "./proxy/forward-headers";
import { forwardRequest, sendProxyFailure } from "./proxy/forward-request";
import { readSmallBody, signedBodyPlan, signUpstreamRequest } from "./proxy/origin-signer";
import type { UpstreamPools } from "./proxy/upstream-pools";
import { isSingleHost, resolveTenant } from "./tenant/resolve-tenant";

export interface GatewayAppDeps {
  config: ConfigSource;
  pools: UpstreamPools;
  meter: UsageMeter;
  paywall: Paywall;
  /** Answers SETTLEMENT_PATH; without it that path is refused like any unknown well-known path. */
  handoff?: SettlementHandoff;
  /** Answers RECEIPT_PATH (payment/receipt-desk.ts); without it that path is refused likewise. */
  receiptDesk?: ReceiptDesk;
  metrics: GatewayMetrics;
  logger: Logger;
  options: GatewayAppOptions;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const REFUSED_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Whether the request carries more than one Host line (Node keeps only the first in req.headers). */
function hasDuplicateHost(raw: string[]): boolean {
  let seen = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === "host") {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

export function createGatewayApp(deps: GatewayAppDeps): RequestHandler {
  const { config, pools, meter, paywall, handoff, receiptDesk, metrics, logger, options } = deps;
  const address = publicAddress(options.publicUrl, options.domain);
  const visitors = new VisitorClaims(options.visitorSecret);

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
    forwarded: boolean,
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
      forwarded,
      occurredAt: new Date(),
    });
    metrics.observeRequest(api.slug, route.kind, status, latencyMs / 1000);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? "GET";

    // 1. Resolve the client and the tenant.
    if (hasDuplicateHost(req.rawHeaders)) {
      return sendError(res, 400, "duplicate_host", "Send exactly one Host header.", { connection: "close" });
    }
    const client = resolveClientAddress(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      options.trustProxy,
    );
    const forwardedHost = req.headers["x-forwarded-host"];
    if (client.peerTrusted && forwardedHost !== undefined && !isSingleHost(forwardedHost)) {
      return sendError(res, 400, "invalid_forwarded_host", "X-Forwarded-Host must name exactly one host.");
    }
    const visitor = visitors.claimed(req.headers);
    if (visitor !== null) {
      client.address = visitor;
      client.chain.unshift(visitor);
    }
    const target = resolveTenant(
      { host: req.headers.host, forwardedHost, url: req.url ?? "" },
      options.domain,
      client.peerTrusted,
    );
    if (!target) return sendError(res, 404, "unknown_tenant", "No API is served at this address.");
    const current = config.current();
    const api = current.apis.get(target.slug);
    if (!api || api.status === "disabled") {
      const reservation = current.reservations.get(target.slug);
      if (reservation && reservation.expiresAt > Date.now()) {
        return answerReservation(res, target, reservation, address);
      }
      return sendError(res, 404, "unknown_tenant", `No API named "${target.slug}" is served here.`);
    }
    // CORS first, so a browser can read every answer below, errors and 402s included.
    const cors = corsHeadersFor(api.cors, req.headers.origin);
    if (cors === null) return refuseOrigin(res);
    attachCors(res, cors);
    // Only a live API (published and active) is sold: a draft or paused one never mints an
    // invoice, proxies, or quotes a price (discovery included: nothing on offer to cache).
    if (!api.published || api.status === "paused") return sendUnavailable(res, api);
    const parsed = parseRequestPath(target.pathAndQuery);
    if (!parsed.ok) return sendError(res, 400, "invalid_path", parsed.message);
    // A preflight is the browser asking, not a call: never priced, charged, metered or forwarded.
    if (isPreflight(method, req)) return answerPreflight(res, req, cors);
    if (parsed.path === DISCOVERY_PATH || parsed.path === QUOTE_PATH || parsed.path === OPENAPI_PATH) {
      if (method !== "GET" && method !== "HEAD") {
        return sendError(res, 405, "method_not_allowed", "Use GET.", { allow: "GET, HEAD" });
      }
      if (parsed.path === QUOTE_PATH) return sendQuote(res, api, parsed.query);
      const baseUrl = tenantBaseUrl(address, target.slug, target.style);
      if (parsed.path === OPENAPI_PATH) return sendOpenApi(res, api, baseUrl);
      return sendDiscovery(res, api, baseUrl);
    }
    if (parsed.path === SETTLEMENT_PATH && handoff) {
      // The settlement hand-off (payment/settlement-handoff.ts): never priced, proxied or metered.
      if (method !== "GET") {
        return sendError(res, 405, "method_not_allowed", "Use GET.", { allow: "GET" });
      }
      return handoff.answer(api, clientKeyOfAddress(client.address), req, res);
    }
    if (parsed.path === RECEIPT_PATH && receiptDesk) {
      // A payment's receipt again, for the token's holder: never priced, proxied or metered.
      if (method !== "GET") return sendError(res, 405, "method_not_allowed", "Use GET.", { allow: "GET" });
      return receiptDesk.answer(api, clientKeyOfAddress(client.address), req, res);
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

    // 2. Price the route (no rule and no default: refused before any invoice or upstream call).
    const route = priceRoute(api.rules, method, parsed.path, api.defaultRoute, api.strictPaths);
    if (!route) return sendRouteNotFound(res, method, parsed.path);

    // 3. Check the credential and consume one call (or a free-tier call).
    let grant: Grant | null = null;
    if (route.kind !== "free") {
      const clientKey = clientKeyOfAddress(client.address);
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
        finish(api, route, method, started, decision.status, decision.tokenId, null, false);
        return;
      }
      grant = decision.grant;
    }

    // 4. Proxy.
    const headers = buildUpstreamHeaders({
      headers: req.headers,
      forwardedFor: client.chain,
      publicHost: tenantPublicHost(address, target.slug, target.style),
      proto: address.proto,
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
    // Exactly the path priced (re-encoded), never the raw target.
    const upstreamPath = api.upstreamBasePath + parsed.forwardPath + parsed.query;
    let body: Buffer | null | undefined;
    if (api.originSigningKey) {
      const plan = signedBodyPlan(req);
      if (plan === "buffered") {
        body = await readSmallBody(req);
        if (body === null) {
          // The client left mid-body: nothing reached the upstream, so a paid call is given back.
          await giveBack?.();
          finish(api, route, method, started, 499, grant?.tokenId ?? null, null, false);
          return;
        }
      } else if (plan === "empty") {
        body = null;
      }
      signUpstreamRequest(
        headers,
        api.originSigningKey,
        method,
        upstreamPath,
        plan === "streamed" ? "streamed" : (body ?? null),
      );
    }
    const outcome = await forwardRequest(req, res, {
      pool: pools.get(api.upstreamOrigin, api.allowPrivateUpstream),
      method,
      path: upstreamPath,
      headers,
      onFailedAnswer: giveBack,
      cookiePathPrefix: target.style === "path" ? target.prefix : null,
      cors,
      body,
      maxStreamMs: api.maxStreamMs,
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
    finish(api, route, method, started, outcome.status, grant?.tokenId ?? null, grant, true);
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error({ err }, "request failed");
      sendError(res, 500, "internal_error", "The gateway failed to handle this request.");
    });
  };
}
