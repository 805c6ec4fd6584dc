import { AppError, jsonError, responseForError } from "../errors";
import { readJsonPost, textProblem } from "../request-guard";
import { WalletRefusal } from "./wallet-allowance";

/** Shared shell of the Try it route handlers: same-origin JSON in, JSON out, errors as { error, message }. */
export async function tryItHandler(req: Request, run: (body: Record<string, unknown>) => Promise<unknown>) {
  const read = await readJsonPost(req);
  if ("refused" in read) return read.refused;
  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch {
    return jsonError("bad_request", "The request body is not valid JSON.", 400);
  }
  if (typeof body !== "object" || body === null) return jsonError("bad_request", "Send a JSON object.", 400);
  const problem = textProblem(body);
  if (problem) return jsonError("bad_request", problem, 400);
  try {
    return Response.json(await run(body as Record<string, unknown>), {
      headers: { "cache-control": "no-store" },
    });
  } catch (err) {
    if (err instanceof WalletRefusal) {
      const headers: Record<string, string> = { "cache-control": "no-store" };
      if (err.retryAfterSeconds !== undefined) headers["retry-after"] = String(err.retryAfterSeconds);
      return Response.json({ error: err.code, message: err.message }, { status: err.status, headers });
    }
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      return responseForError(new AppError("upstream_error", "The gateway did not answer in time."));
    }
    if (err instanceof TypeError) {
      return responseForError(new AppError("unavailable", "The gateway is unreachable right now."));
    }
    return responseForError(err);
  }
}
