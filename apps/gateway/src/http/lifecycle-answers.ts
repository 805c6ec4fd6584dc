/**
 * What the gateway answers instead of selling: an API that is not live (draft or paused), a path
 * the API refuses (no rule, default "refuse"), and a slug an API left during its grace period
 * (308 to the renamed API, 410 for a deleted one). None of these mints an invoice or proxies.
 */
import type { ServerResponse } from "node:http";
import type { SlugReservationConfig, TenantApi } from "../config/tenant-config";
import type { TenantTarget } from "../tenant/resolve-tenant";
import { type PublicAddress, tenantBaseUrl } from "./public-address";
import { parseRequestPath } from "./request-path";
import { sendError, sendJson } from "./send-error";

/** How long a client should wait before asking a paused API again. */
export const PAUSED_RETRY_AFTER_SECONDS = 60;

export function sendUnavailable(res: ServerResponse, api: TenantApi): void {
  if (api.published) {
    sendError(res, 503, "api_unavailable", "The provider has paused this API; try again later.", {
      "retry-after": String(PAUSED_RETRY_AFTER_SECONDS),
    });
    return;
  }
  sendError(res, 503, "api_unavailable", "This API is not published; nothing is sold here yet.");
}

export function sendRouteNotFound(res: ServerResponse, method: string, path: string): void {
  sendError(res, 404, "route_not_found", `This API does not serve ${method} ${path.slice(0, 200)}.`);
}

export function answerReservation(
  res: ServerResponse,
  target: TenantTarget,
  reservation: SlugReservationConfig,
  address: PublicAddress,
): void {
  if (reservation.movedTo === null) {
    sendError(res, 410, "api_gone", `The API "${target.slug}" was deleted by its provider.`);
    return;
  }
  // The same path and query on the new slug. Only a path the gateway would serve is echoed into
  // Location (no dot segments or encoded slashes, printable ASCII only), so the header stays clean.
  const parsed = parseRequestPath(target.pathAndQuery);
  if (!parsed.ok) return sendError(res, 400, "invalid_path", parsed.message);
  if (!/^[\x21-\x7e]*$/.test(target.pathAndQuery)) {
    return sendError(res, 400, "invalid_path", "The path holds characters that must be percent-encoded.");
  }
  // Host style: the configured public address (never the client's Host); path style: relative.
  const location =
    target.style === "path"
      ? `/${reservation.movedTo}${target.pathAndQuery}`
      : `${tenantBaseUrl(address, reservation.movedTo, "host")}${target.pathAndQuery}`;
  sendJson(
    res,
    308,
    {
      error: "api_moved",
      message: `The API "${target.slug}" is now "${reservation.movedTo}"; use the new address.`,
      location,
    },
    { location },
  );
}
