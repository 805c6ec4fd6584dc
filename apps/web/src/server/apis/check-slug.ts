import { checkSlug } from "../../lib/slug";
import type { Db } from "../db";

export async function checkSlugAvailable(db: Db, slug: string): Promise<{ ok: boolean; message: string }> {
  const shape = checkSlug(slug);
  if (!shape.ok) return { ok: false, message: shape.message };
  const taken = await db.api.findUnique({ where: { slug }, select: { id: true } });
  return taken ? { ok: false, message: "This slug is taken." } : { ok: true, message: "Available." };
}
