import { ZodError } from "zod";
import { clientIp } from "../auth/client-ip";
import { getSessionUser, type SessionUser } from "../auth/get-session-user";
import { requestSession } from "../auth/request-session";
import { reserveAttempt, THROTTLE } from "../auth/throttle";
import type { Db } from "../db";
import { AppError, jsonError, responseForError } from "../errors";
import { authenticateApiKey, bearerToken } from "../keys/authenticate-api-key";
import { isSameOriginRequest } from "../request-guard";
import type { ManagementRoute } from "./define-route";
import { matchRoute } from "./match-route";
import { managementOpenApiDocument } from "./openapi-document";
import { readInput } from "./read-input";
import { MANAGEMENT_ROUTES, OPENAPI_PATH } from "./routes";

export const MANAGEMENT_BASE = "/api/v1";

const NO_STORE = { "cache-control": "no-store" };

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

/** 401 for a key problem, with the challenge RFC 6750 asks for. */
function unauthorizedKey(message: string, presented: boolean): Response {
  const challenge = presented
    ? 'Bearer realm="tollbooth", error="invalid_token"'
    : 'Bearer realm="tollbooth"';
  return withHeaders(jsonError("unauthorized", message, 401), { "www-authenticate": challenge });
}

function badInput(err: ZodError): Response {
  const issues = err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : "Invalid input.";
  return Response.json({ error: "bad_request", message, issues }, { status: 400, headers: NO_STORE });
}

/** Who the request acts as, or the response refusing it. */
async function principal(
  db: Db,
  req: Request,
  route: ManagementRoute,
): Promise<{ user: SessionUser } | { refused: Response }> {
  const presented = bearerToken(req.headers);
  if (route.access === "session") {
    if (presented !== undefined) {
      return {
        refused: jsonError(
          "forbidden",
          "API keys cannot list, create or revoke keys: sign in to the dashboard (or use its session) for that.",
          403,
        ),
      };
    }
    const user = await getSessionUser(db, requestSession(req.headers, req.url).sessionToken);
    if (!user) return { refused: jsonError("unauthorized", "Sign in to manage API keys.", 401) };
    // The cookie rides along on any site's request: a change must come from this site (CSRF).
    if (req.method !== "GET" && !isSameOriginRequest(req)) {
      return { refused: jsonError("forbidden", "This request did not come from this site.", 403) };
    }
    return { user };
  }
  try {
    const key = await authenticateApiKey(db, presented);
    if (route.access === "write" && key.scope !== "write") {
      return {
        refused: withHeaders(
          jsonError("forbidden", "This API key is read-only: use a key with the write scope.", 403),
          { "www-authenticate": 'Bearer realm="tollbooth", error="insufficient_scope", scope="write"' },
        ),
      };
    }
    return { user: key.user };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "unauthorized") throw err;
    if (presented) {
      // Counted like failed sign-ins from one address; a good key is never slowed by it.
      try {
        await reserveAttempt(
          db,
          `apikey-ip:${clientIp(req)}`,
          THROTTLE.apiKeyIp,
          "requests with a bad API key",
        );
      } catch (limited) {
        return { refused: responseForError(limited) };
      }
    }
    return {
      refused: unauthorizedKey(
        presented === undefined ? "Send an API key: Authorization: Bearer tb_live_…" : err.message,
        presented !== undefined,
      ),
    };
  }
}

/**
 * The management API: every request to /api/v1/*. Finds the route (404 JSON for no such path,
 * 405 with Allow for a wrong method), authenticates it, validates its input with the route's
 * schema (400 saying what is wrong) and calls the dashboard's server function.
 */
export async function handleManagementRequest(db: Db, req: Request): Promise<Response> {
  const url = new URL(req.url);
  const path = url.pathname.startsWith(MANAGEMENT_BASE) ? url.pathname.slice(MANAGEMENT_BASE.length) : "";
  if (path === OPENAPI_PATH) {
    if (req.method !== "GET") {
      return withHeaders(jsonError("method_not_allowed", "Use GET for the OpenAPI document.", 405), {
        allow: "GET",
      });
    }
    return Response.json(managementOpenApiDocument(`${url.origin}${MANAGEMENT_BASE}`), {
      headers: { "cache-control": "public, max-age=300" },
    });
  }
  const match = matchRoute(MANAGEMENT_ROUTES, req.method, path);
  if (match.kind === "none") {
    return jsonError("not_found", `No management API endpoint at ${url.pathname}.`, 404);
  }
  if (match.kind === "wrong_method") {
    return withHeaders(
      jsonError(
        "method_not_allowed",
        `${url.pathname} answers ${match.allow.join(", ")}, not ${req.method}.`,
        405,
      ),
      { allow: match.allow.join(", ") },
    );
  }
  const { route, params } = match;
  try {
    const who = await principal(db, req, route);
    if ("refused" in who) return who.refused;
    const read = await readInput(req, route, params);
    if (!read.ok) return jsonError(read.code, read.message, read.status);
    const parsed = route.input ? route.input.safeParse(read.value) : { success: true as const, data: {} };
    if (!parsed.success) return badInput(parsed.error);
    const result = await route.run({ db, user: who.user }, parsed.data);
    return Response.json(result, { status: route.status, headers: NO_STORE });
  } catch (err) {
    if (err instanceof ZodError) return badInput(err);
    const res = responseForError(err);
    if (err instanceof AppError && err.retryAfterSeconds !== undefined) {
      res.headers.set("retry-after", String(err.retryAfterSeconds));
    }
    return res;
  }
}
