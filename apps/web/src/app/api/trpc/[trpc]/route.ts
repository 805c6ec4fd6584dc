// Relative imports (not "@/"): integration tests import this handler under tsx, which does not read the app's path alias.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { jsonError } from "../../../../server/errors";
import { readJsonPost, textProblem } from "../../../../server/request-guard";
import { batchRefusal } from "../../../../server/trpc/batch-guard";
import { createContextFromRequest } from "../../../../server/trpc/context";
import { appRouter } from "../../../../server/trpc/root";

export const dynamic = "force-dynamic";

const MAX_TRPC_BATCH = 16;

/**
 * Why JSON text (a body or a GET `input`) cannot be stored — a NUL or a lone surrogate in any
 * string — or null; garbage is tRPC's to refuse.
 */
function jsonTextProblem(text: string): string | null {
  try {
    return textProblem(JSON.parse(text));
  } catch {
    return textProblem(text);
  }
}

async function handler(req: Request) {
  const refused = batchRefusal(new URL(req.url), "/api/trpc");
  if (refused) return refused;
  let forward = req;
  if (req.method === "POST") {
    const read = await readJsonPost(req);
    if ("refused" in read) return read.refused;
    const body = read.text;
    const problem = jsonTextProblem(body);
    if (problem) return jsonError("bad_request", problem, 400);
    forward = new Request(req.url, { method: "POST", headers: req.headers, body });
  } else {
    const input = new URL(req.url).searchParams.get("input");
    const problem = input ? jsonTextProblem(input) : null;
    if (problem) return jsonError("bad_request", problem, 400);
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: forward,
    router: appRouter,
    // One HTTP request may not fan out into hundreds of procedure calls (each may hash a password
    // or dial a node); the browser's batch link sends at most as many.
    maxBatchSize: MAX_TRPC_BATCH,
    createContext: ({ resHeaders }) => createContextFromRequest(forward, resHeaders),
  });
}

export { handler as GET, handler as POST };
