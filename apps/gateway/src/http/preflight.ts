/**
 * A CORS preflight (OPTIONS with Access-Control-Request-Method) is the browser asking, not the
 * buyer calling: answered here with 204, never priced, charged, metered or forwarded.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { sendError } from "./send-error";

export function refuseOrigin(res: ServerResponse): void {
  sendError(res, 403, "origin_not_allowed", "This API does not accept browser requests from this origin.", {
    vary: "Origin",
  });
}

export function isPreflight(method: string, req: IncomingMessage): boolean {
  return method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const HEADER_LIST =
  /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}(?:[ \t]*,[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}){0,63}$/;
// Browsers cache a preflight this long; short, so a changed origin list takes effect soon.
const PREFLIGHT_MAX_AGE_S = "600";
const NOT_PROXIED = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Answers a preflight: 204 with what the browser asked for, or a 4xx JSON error. */
export function answerPreflight(
  res: ServerResponse,
  req: IncomingMessage,
  cors: Readonly<Record<string, string>>,
): void {
  const method = String(req.headers["access-control-request-method"]).trim();
  if (!TOKEN.test(method)) {
    return sendError(res, 400, "invalid_preflight", "Access-Control-Request-Method must be a method name.");
  }
  if (NOT_PROXIED.has(method.toUpperCase())) {
    return sendError(res, 405, "method_not_allowed", `${method} is not proxied.`);
  }
  const asked = req.headers["access-control-request-headers"];
  const headers = typeof asked === "string" ? asked.trim() : "";
  if (headers !== "" && !HEADER_LIST.test(headers)) {
    return sendError(
      res,
      400,
      "invalid_preflight",
      "Access-Control-Request-Headers must be a comma-separated list of header names.",
    );
  }
  const out: OutgoingHttpHeaders = {
    ...cors,
    "access-control-allow-methods": method,
    "access-control-max-age": PREFLIGHT_MAX_AGE_S,
    vary: cors.vary
      ? "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
      : "Access-Control-Request-Method, Access-Control-Request-Headers",
    "content-length": 0,
  };
  // Authorization has to be named: `Access-Control-Allow-Headers: *` does not cover it.
  if (headers !== "") out["access-control-allow-headers"] = headers;
  res.writeHead(204, out);
  res.end();
}
