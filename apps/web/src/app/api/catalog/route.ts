import { listCatalog, ZCatalogQuerySchema } from "@/server/catalog/list-catalog";
import { db } from "@/server/db";
import { jsonError, responseForError } from "@/server/errors";

export const dynamic = "force-dynamic";

/** GET /api/catalog — the published APIs with their routes, prices and latest live quote. */
export async function GET(req: Request) {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const query = ZCatalogQuerySchema.safeParse(params);
  if (!query.success) return jsonError("bad_request", query.error.issues[0]?.message ?? "Bad query.", 400);
  try {
    const apis = await listCatalog(db(), query.data);
    return Response.json(
      { apis, count: apis.length, generatedAt: new Date().toISOString() },
      { headers: { "cache-control": "no-store", "access-control-allow-origin": "*" } },
    );
  } catch (err) {
    return responseForError(err);
  }
}
