/**
 * Upstream health (issue #16), shared by the gateway (which checks) and the web app (which
 * shows): the health path a provider may set, the figures `GET /api/catalog` carries per API,
 * and the event a change raises.
 */
import { z } from "zod";
import { checkPathPattern, type PathPatternCheck } from "./path-pattern";

export const HEALTH_STATES = ["unknown", "up", "down"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The outbox event type written when an API's health state changes (`api_events.type`). */
/**
 * The User-Agent of every health check the gateway sends, so an upstream (its logs, its own
 * metering, a test's request counter) can tell checks from calls.
 */
export const HEALTH_CHECK_USER_AGENT = "tollbooth-health-check";

export const HEALTH_CHANGED_EVENT = "api.health_changed";

/** How long check rows are kept: the catalog's longest window (30 days) plus a day. */
export const HEALTH_RETENTION_DAYS = 31;

/**
 * A health path is one literal path under the upstream base URL: the path-pattern grammar
 * (letters, digits and `-._~` per segment, no `.`/`..`, no `//`) without `:name` or `*`. No scheme,
 * host, query, `%` or `@` can pass, so it never leaves the upstream's origin: the check dials the
 * same guarded origin the proxy does, and a provider cannot aim it at another address.
 */
export function checkHealthPath(path: string): PathPatternCheck {
  const pattern = checkPathPattern(path);
  if (!pattern.ok) return { ok: false, message: pattern.message.replaceAll("path pattern", "health path") };
  if (path.split("/").some((s) => s === "*" || s.startsWith(":"))) {
    return { ok: false, message: "A health path is one plain path, without :name or * segments." };
  }
  return { ok: true };
}

/** `health` of a catalog entry; the figures are null until there are checks in their window. */
export const ApiHealthSchema = z.object({
  status: z.enum(HEALTH_STATES),
  /** Share of checks in the last 24 hours that found the upstream up, 0–1. */
  uptime_24h: z.number().min(0).max(1).nullable(),
  /** The same over the last 30 days. */
  uptime_30d: z.number().min(0).max(1).nullable(),
  /** Median latency of the successful checks in the last 24 hours, in milliseconds. */
  latency_p50_ms: z.number().int().nonnegative().nullable(),
  /** When the last check ran (ISO 8601); null before the first. */
  checked_at: z.string().nullable(),
});
export type ApiHealth = z.infer<typeof ApiHealthSchema>;

/** `payload` of an `api.health_changed` event. */
export const HealthChangedPayloadSchema = z.object({
  api: z.string(),
  from: z.enum(HEALTH_STATES),
  to: z.enum(HEALTH_STATES),
  at: z.string(),
});
