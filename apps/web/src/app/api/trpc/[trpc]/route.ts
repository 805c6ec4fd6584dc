import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { jsonError } from "@/server/errors";
import { containsNul, NUL_MESSAGE, readJsonPost } from "@/server/request-guard";
import { batchRefusal } from "@/server/trpc/batch-guard";
import { createContextFromRequest } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

const MAX_TRPC_BATCH = 16;

/** Whether JSON text (a body or a GET `input`) carries a NUL in any string; garbage is tRPC's to refuse. */
function jsonHasNul(text: string): boolean {
  try {
    return containsNul(JSON.parse(text));
  } catch {
    return text.includes("\0");
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
    if (jsonHasNul(body)) return jsonError("bad_request", NUL_MESSAGE, 400);
    forward = new Request(req.url, { method: "POST", headers: req.headers, body });
  } else {
    const input = new URL(req.url).searchParams.get("input");
    if (input && jsonHasNul(input)) return jsonError("bad_request", NUL_MESSAGE, 400);
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
