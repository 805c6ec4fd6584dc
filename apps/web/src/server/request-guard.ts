import { env } from "./env";
import { jsonError } from "./errors";

/**
 * CSRF defence for state-changing requests: the browser must say where the request comes from
 * (Origin, or Sec-Fetch-Site) and it must be this site. SameSite=Lax cookies already keep other
 * sites' POSTs unauthenticated; this check also stops same-site subdomains and old browsers.
 */
export function isSameOriginRequest(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return false;
    }
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
    if (originHost === host) return true;
    return allowedOrigins().has(origin);
  }
  return req.headers.get("sec-fetch-site") === "same-origin";
}

function allowedOrigins(): Set<string> {
  return new Set(
    env()
      .WEB_ALLOWED_ORIGINS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** The largest JSON body any form or Try it step needs (a TLS cert and a macaroon fit many times). */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

/**
 * Refuses a body that announces itself as too large before anything reads it, so a big POST is a
 * clear 413 instead of being buffered and then reported as "not valid JSON".
 */
export function isBodyTooLarge(req: Request, max = MAX_JSON_BODY_BYTES): boolean {
  const length = Number(req.headers.get("content-length") ?? "0");
  return !Number.isFinite(length) || length > max;
}

/**
 * Postgres text cannot hold a NUL character: a string with one would fail deep in a query as a
 * 500. Requests are checked up front instead (any string, any depth, keys included).
 */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\0");
  if (depth > 32 || typeof value !== "object" || value === null) return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\0") || containsNul(item, depth + 1)) return true;
  }
  return false;
}

export const NUL_MESSAGE = "Text cannot contain NUL (\\u0000) characters.";

/** A UTF-16 surrogate without its partner: valid JSON (`"\\ud800"`), but not text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Prisma's query engine refuses a string holding a lone surrogate deep inside a query ("lone
 * leading surrogate in hex escape"): a 500. Requests are checked up front instead, like NUL.
 */
export function containsLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (depth > 32 || typeof value !== "object" || value === null) return false;
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key) || containsLoneSurrogate(item, depth + 1)) return true;
  }
  return false;
}

export const SURROGATE_MESSAGE = "Text must be valid Unicode (no lone UTF-16 surrogates such as \\ud800).";

/** Why parsed JSON cannot be stored as text (NUL or a lone surrogate), or null when it can. */
export function textProblem(value: unknown): string | null {
  if (containsNul(value)) return NUL_MESSAGE;
  if (containsLoneSurrogate(value)) return SURROGATE_MESSAGE;
  return null;
}

export function isJsonRequest(req: Request): boolean {
  return (req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json");
}

/**
 * The front door of every JSON POST endpoint (tRPC, Try it): JSON content type, this site's
 * origin, and a body within MAX_JSON_BODY_BYTES both as announced and as received. Gives the body
 * text, or the 4xx response to answer with.
 */
export async function readJsonPost(req: Request): Promise<{ text: string } | { refused: Response }> {
  if (!isJsonRequest(req)) {
    return { refused: jsonError("unsupported_media_type", "Send JSON (application/json).", 415) };
  }
  if (!isSameOriginRequest(req)) {
    return { refused: jsonError("forbidden", "This request did not come from this site.", 403) };
  }
  const tooLarge = () => ({ refused: jsonError("payload_too_large", "The request body is too large.", 413) });
  if (isBodyTooLarge(req)) return tooLarge();
  const text = await req.text();
  // A chunked body announces no length: measure what arrived (Next buffers at most 1 MB).
  return text.length > MAX_JSON_BODY_BYTES ? tooLarge() : { text };
}
