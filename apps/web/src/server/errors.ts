/**
 * The one error type business functions throw. Routers and route handlers map it to a tRPC error
 * or to the JSON `{ error, message }` body; the message is always safe to show a user.
 */
export type AppErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_many_requests"
  | "unavailable"
  | "upstream_error";

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  upstream_error: 502,
  unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** For too_many_requests: how long to wait (sent as Retry-After where the transport allows). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function jsonError(code: string, message: string, status: number): Response {
  return Response.json({ error: code, message }, { status, headers: { "cache-control": "no-store" } });
}

export function responseForError(err: unknown): Response {
  if (err instanceof AppError) return jsonError(err.code, err.message, HTTP_STATUS[err.code]);
  console.error("web: unexpected error", err instanceof Error ? err.message : "unknown");
  return jsonError("internal_error", "Something went wrong on our side. Please try again.", 500);
}
