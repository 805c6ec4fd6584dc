/**
 * The tenant's public price list (`/.well-known/l402.json`) and a quote for one route
 * (`/.well-known/l402/quote?method=GET&path=/forecast`) that creates no invoice — the hub polls it
 * for live quotes, so it must stay cheap and side-effect free.
 */
import type { ServerResponse } from "node:http";
import type { TenantApi } from "../config/tenant-config";
import { priceRoute, type RoutePrice } from "../pricing/price-route";
import { sendRouteNotFound } from "./lifecycle-answers";
import { parseRequestPath } from "./request-path";
import { sendError, sendJson } from "./send-error";

export const DISCOVERY_PATH = "/.well-known/l402.json";
export const QUOTE_PATH = "/.well-known/l402/quote";

function describeRoute(rule: RoutePrice) {
  return {
    method: rule.method,
    path: rule.pathPattern,
    kind: rule.kind,
    price_sats: rule.priceSats,
    calls_per_token: rule.kind === "per_call" ? rule.callsPerToken : null,
    pass_seconds: rule.kind === "time_pass" ? rule.passSeconds : null,
    amount_sats: rule.amountSats,
  };
}

export function sendDiscovery(res: ServerResponse, api: TenantApi, baseUrl: string): void {
  sendJson(
    res,
    200,
    {
      version: 1,
      service: api.slug,
      name: api.name,
      description: api.description,
      base_url: baseUrl,
      auth_schemes: ["L402", "LSAT"],
      token_validity_seconds: api.tokenValiditySeconds,
      free_tier:
        api.freeTierCalls > 0
          ? { calls: api.freeTierCalls, window_seconds: api.freeTierWindowSeconds }
          : null,
      routes: api.rules.map(describeRoute),
      // null: paths no rule matches are refused (404 route_not_found).
      default_route: api.defaultRoute ? describeRoute(api.defaultRoute) : null,
    },
    { "cache-control": "public, max-age=1" },
  );
}

export function sendQuote(res: ServerResponse, api: TenantApi, query: string): void {
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const method = (params.get("method") ?? "GET").toUpperCase();
  const path = params.get("path") ?? "/";
  if (!/^[A-Z]{1,16}$/.test(method)) {
    sendError(res, 400, "invalid_quote", "method must be an HTTP method name.");
    return;
  }
  const parsed = parseRequestPath(path);
  if (!parsed.ok) {
    sendError(res, 400, "invalid_quote", parsed.message);
    return;
  }
  const rule = priceRoute(api.rules, method, parsed.path, api.defaultRoute, api.strictPaths);
  if (!rule) {
    sendRouteNotFound(res, method, parsed.path);
    return;
  }
  sendJson(res, 200, {
    service: api.slug,
    method,
    path: parsed.path,
    route: rule.pathPattern,
    kind: rule.kind,
    amount_sats: rule.amountSats,
    price_sats: rule.priceSats,
    calls: rule.calls,
    pass_seconds: rule.kind === "time_pass" ? rule.passSeconds : null,
    default_rule: rule.id === null,
  });
}
