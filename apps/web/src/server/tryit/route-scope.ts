import { type RouteScope, scopeCovers } from "@tollbooth/l402-core";
import type { Db } from "../db";
import type { GatewayResult } from "./gateway-call";

/**
 * A challenge's scope when the gateway names none: the published API's pricing rule that prices
 * this request (first match by position, the gateway's rule), else the gateway's implicit
 * default (`* /*`). If the two ever disagree the gateway answers a token offered on the wrong
 * route with a fresh 402, and the visitor's token is kept — nothing is paid twice.
 */
export async function withRouteScope(
  db: Db,
  slug: string,
  req: { method: string; path: string },
  result: GatewayResult,
): Promise<GatewayResult> {
  if (!result.challenge || result.challenge.scope) return result;
  const rules = await db.pricingRule.findMany({
    where: { api: { slug, published: true } },
    orderBy: { position: "asc" },
    select: { method: true, pathPattern: true },
  });
  const path = req.path.split("?")[0] || "/";
  const rule = rules
    .map((r) => ({ method: r.method.toUpperCase(), path: r.pathPattern }))
    .find((scope) => scopeCovers(scope, req.method, path));
  const scope: RouteScope = rule ?? { method: "*", path: "/*" };
  return { ...result, challenge: { ...result.challenge, scope } };
}
