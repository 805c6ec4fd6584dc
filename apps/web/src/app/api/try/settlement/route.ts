// Relative imports (not "@/"): integration tests import this handler under tsx, which does not read the app's path alias.
import { db } from "../../../../server/db";
import { AppError } from "../../../../server/errors";
import { requirePublishedSlug } from "../../../../server/tryit/published-slug";
import { tryItHandler } from "../../../../server/tryit/route-helpers";
import { askSettlement } from "../../../../server/tryit/settlement";
import { ZTrySettlement } from "../../../../server/tryit/try-input";

export const dynamic = "force-dynamic";

/** Step 2 of Try it paid from another wallet: was the challenge's invoice settled? (polled by the page) */
export function POST(req: Request) {
  return tryItHandler(req, async (body) => {
    const slug = await requirePublishedSlug(db(), body.slug);
    const input = ZTrySettlement.safeParse(body);
    if (!input.success) throw new AppError("bad_request", input.error.issues[0]?.message ?? "Bad request.");
    return askSettlement(slug, input.data.macaroon);
  });
}
