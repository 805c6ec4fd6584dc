// Relative imports (not "@/"): integration tests import this handler under tsx, which does not read the app's path alias.
import { linkWithCursor, pageOf } from "../../../server/catalog/catalog-query";
import { listCatalog, ZCatalogQuerySchema } from "../../../server/catalog/list-catalog";
import { db } from "../../../server/db";
import { jsonError, responseForError } from "../../../server/errors";

export const dynamic = "force-dynamic";

/**
 * GET /api/catalog — the published APIs with their routes, docs, prices and latest live quote,
 * filtered (q, category, max_price_sats, free_tier), sorted, one page at a time (limit, cursor;
 * `next` is the next page's link, relative to this hub, null on the last page).
 */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const params = Object.fromEntries(url.searchParams);
  const query = ZCatalogQuerySchema.safeParse(params);
  if (!query.success) return jsonError("bad_request", query.error.issues[0]?.message ?? "Bad query.", 400);
  try {
    const all = await listCatalog(db(), query.data);
    const { page, total, nextCursor } = pageOf(all, query.data);
    return Response.json(
      {
        apis: page,
        count: page.length,
        total,
        cursor: nextCursor,
        next: nextCursor ? linkWithCursor("/api/catalog", url.searchParams, nextCursor) : null,
        generatedAt: new Date().toISOString(),
      },
      { headers: { "cache-control": "no-store", "access-control-allow-origin": "*" } },
    );
  } catch (err) {
    return responseForError(err);
  }
}
