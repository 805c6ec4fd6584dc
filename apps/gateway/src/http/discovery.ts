/**
 * The tenant's public price list (`/.well-known/l402.json`, in the shape of the L402 discovery
 * draft — lightninglabs/L402 PR #27 — plus Tollbooth's own members) and a quote for one route
 * (`/.well-known/l402/quote?method=GET&path=/forecast`) that creates no invoice — the hub polls it
 * for live quotes, so it must stay cheap and side-effect free. The OpenAPI profile is openapi.ts.
 */
import type { ServerResponse } from "node:http";
import { DISCOVERY_PATH, DISCOVERY_VERSION, OPENAPI_PATH, QUOTE_PATH } from "@tollbooth/contract";
import type { TenantApi } from "../config/tenant-config";
import { priceRoute, type RoutePrice } from "../pricing/price-route";
import { sendRouteNotFound } from "./lifecycle-answers";
import { parseRequestPath } from "./request-path";
import { sendError, sendJson } from "./send-error";

export { DISCOVERY_PATH, QUOTE_PATH };

/** What one payment on a route buys, in Tollbooth's words (also the OpenAPI profile's `x-l402`). */
export function routeTerms(rule: RoutePrice) {
  return {
    kind: rule.kind,
    price_sats: rule.priceSats,
    calls_per_token: rule.kind === "per_call" ? rule.callsPerToken : null,
    pass_seconds: rule.kind === "time_pass" ? rule.passSeconds : null,
    amount_sats: rule.amountSats,
  };
}

/** What one payment on a route asks in the discovery draft's words: msat, one fixed price. */
export function draftPricing(rule: RoutePrice) {
  return { model: "fixed" as const, price_msat: rule.amountSats * 1000 };
}

function describeRoute(rule: RoutePrice) {
  return { method: rule.method, path: rule.pathPattern, ...routeTerms(rule) };
}

/** The draft's resource object: the route and what one payment on it asks, in msat. */
function resourceOf(api: TenantApi, rule: RoutePrice) {
  const docs = api.routeDocs.get(rule.scopeKey);
  return {
    path: rule.pathPattern,
    // "*" = any method: the draft defaults to GET, so it is spelled out.
    method: rule.method,
    pricing: draftPricing(rule),
    ...(docs?.description ? { description: docs.description } : {}),
  };
}

export function sendDiscovery(res: ServerResponse, api: TenantApi, baseUrl: string): void {
  sendJson(
    res,
    200,
    {
      version: DISCOVERY_VERSION,
      provider: { name: api.name, uri: baseUrl },
      currencies: ["msat"],
      payment_methods: ["bolt11"],
      macaroon_versions: [0],
      openapi: `${baseUrl}${OPENAPI_PATH}`,
      services: [
        {
          name: api.slug,
          description: api.description || null,
          resources: api.rules.map((rule) => resourceOf(api, rule)),
        },
      ],
      // Tollbooth's own members (docs/contract.md), read by the hub and older clients.
      service: api.slug,
      name: api.name,
      description: api.description,
      base_url: baseUrl,
      quote_url: `${baseUrl}${QUOTE_PATH}`,
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
