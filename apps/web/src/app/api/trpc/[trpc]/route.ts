import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { jsonError } from "@/server/errors";
import { isBodyTooLarge, isJsonRequest, isSameOriginRequest } from "@/server/request-guard";
import { createContextFromRequest } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  if (req.method === "POST") {
    if (!isJsonRequest(req)) return jsonError("unsupported_media_type", "Send JSON (application/json).", 415);
    if (!isSameOriginRequest(req)) {
      return jsonError("forbidden", "This request did not come from this site.", 403);
    }
    if (isBodyTooLarge(req)) return jsonError("payload_too_large", "The request body is too large.", 413);
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createContextFromRequest(req, resHeaders),
  });
}

export { handler as GET, handler as POST };
