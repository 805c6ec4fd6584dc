import { checkSlug } from "../../lib/slug";
import type { Db } from "../db";

/** For the form hint only; create and rename check again under a lock. */
export async function checkSlugAvailable(
  db: Db,
  slug: string,
  tenantIds: readonly string[] = [],
): Promise<{ ok: boolean; message: string }> {
  const shape = checkSlug(slug);
  if (!shape.ok) return { ok: false, message: shape.message };
  const taken = await db.api.findUnique({ where: { slug }, select: { id: true } });
  if (taken) return { ok: false, message: "This slug is taken." };
  const r = await db.slugReservation.findUnique({ where: { slug } });
  if (r && r.expiresAt.getTime() > Date.now() && !tenantIds.includes(r.tenantId)) {
    return { ok: false, message: "This slug is reserved: another team's API used it recently." };
  }
  return { ok: true, message: "Available." };
}
