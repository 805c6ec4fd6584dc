// Relative imports (not "@/"): integration tests import this handler under tsx, which does not read the app's path alias.
import { db } from "../../../../server/db";
import { AppError } from "../../../../server/errors";
import { callGateway } from "../../../../server/tryit/gateway-call";
import { requirePublishedSlug } from "../../../../server/tryit/published-slug";
import { tryItHandler } from "../../../../server/tryit/route-helpers";
import { withRouteScope } from "../../../../server/tryit/route-scope";
import { ZTryRequest } from "../../../../server/tryit/try-input";

export const dynamic = "force-dynamic";

/** Step 1 of Try it: call the API without a credential and return the 402 challenge. */
export function POST(req: Request) {
  return tryItHandler(req, async (body) => {
    const slug = await requirePublishedSlug(db(), body.slug);
    const input = ZTryRequest.safeParse(body);
    if (!input.success) throw new AppError("bad_request", input.error.issues[0]?.message ?? "Bad request.");
    return withRouteScope(db(), slug, input.data, await callGateway(slug, input.data));
  });
}
