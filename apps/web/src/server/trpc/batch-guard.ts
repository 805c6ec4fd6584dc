import { jsonError } from "../errors";
import { UNBATCHABLE_AUTH } from "./routers/auth";

/**
 * One tRPC request may carry a batch of calls. For sign-in that multiplied the guesses a single
 * request could test (16 password hashes each); sign-up, confirmation and reset are as costly.
 * These procedures are answered only when they are the one call of their request.
 */
export function batchRefusal(url: URL, endpoint: string): Response | null {
  if (url.searchParams.get("batch") !== "1") return null;
  let paths: string[];
  try {
    paths = decodeURIComponent(url.pathname.slice(endpoint.length))
      .replace(/^\/+|\/+$/g, "")
      .split(",");
  } catch {
    return jsonError("bad_request", "The procedure path is not valid.", 400);
  }
  if (paths.length > 1 && paths.some((p) => UNBATCHABLE_AUTH.includes(p.trim()))) {
    return jsonError(
      "batch_not_allowed",
      "Sign-in, sign-up, email confirmation and password reset cannot be batched: send each call on its own.",
      400,
    );
  }
  return null;
}
