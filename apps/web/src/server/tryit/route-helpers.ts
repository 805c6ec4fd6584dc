import { AppError, jsonError, responseForError } from "../errors";
import {
  containsNul,
  isBodyTooLarge,
  isJsonRequest,
  isSameOriginRequest,
  MAX_JSON_BODY_BYTES,
  NUL_MESSAGE,
} from "../request-guard";

/** Shared shell of the Try it route handlers: same-origin JSON in, JSON out, errors as { error, message }. */
export async function tryItHandler(req: Request, run: (body: Record<string, unknown>) => Promise<unknown>) {
  if (!isJsonRequest(req)) return jsonError("unsupported_media_type", "Send JSON (application/json).", 415);
  if (!isSameOriginRequest(req))
    return jsonError("forbidden", "This request did not come from this site.", 403);
  if (isBodyTooLarge(req)) return jsonError("payload_too_large", "The request body is too large.", 413);
  const text = await req.text();
  // A chunked body announces no length: measure what arrived (Next buffers at most 1 MB).
  if (text.length > MAX_JSON_BODY_BYTES) {
    return jsonError("payload_too_large", "The request body is too large.", 413);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonError("bad_request", "The request body is not valid JSON.", 400);
  }
  if (typeof body !== "object" || body === null) return jsonError("bad_request", "Send a JSON object.", 400);
  if (containsNul(body)) return jsonError("bad_request", NUL_MESSAGE, 400);
  try {
    return Response.json(await run(body as Record<string, unknown>), {
      headers: { "cache-control": "no-store" },
    });
  } catch (err) {
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      return responseForError(new AppError("upstream_error", "The gateway did not answer in time."));
    }
    if (err instanceof TypeError) {
      return responseForError(new AppError("unavailable", "The gateway is unreachable right now."));
    }
    return responseForError(err);
  }
}
