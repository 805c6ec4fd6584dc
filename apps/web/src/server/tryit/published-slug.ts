import type { Db } from "../db";
import { AppError } from "../errors";

export async function requirePublishedSlug(db: Db, slug: unknown): Promise<string> {
  if (typeof slug !== "string" || !/^[a-z0-9-]{3,40}$/.test(slug))
    throw new AppError("bad_request", "Unknown API.");
  const api = await db.api.findFirst({
    where: { slug, published: true, status: "active" },
    select: { id: true },
  });
  if (!api) throw new AppError("not_found", "No published API has that slug.");
  return slug;
}
