import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { callGateway } from "@/server/tryit/gateway-call";
import { requirePublishedSlug } from "@/server/tryit/published-slug";
import { tryItHandler } from "@/server/tryit/route-helpers";
import { withRouteScope } from "@/server/tryit/route-scope";
import { ZTryCall } from "@/server/tryit/try-input";

export const dynamic = "force-dynamic";

/** Step 3 of Try it: call again with `Authorization: L402 <macaroon>:<preimage>`. */
export function POST(req: Request) {
  return tryItHandler(req, async (body) => {
    const slug = await requirePublishedSlug(db(), body.slug);
    const input = ZTryCall.safeParse(body);
    if (!input.success) throw new AppError("bad_request", input.error.issues[0]?.message ?? "Bad request.");
    const { macaroon, preimage, ...req } = input.data;
    const result = await callGateway(slug, {
      ...req,
      authorization: `L402 ${macaroon}:${preimage.toLowerCase()}`,
    });
    return withRouteScope(db(), slug, req, result);
  });
}
