/**
 * Slug grace period: a renamed or deleted API's old slug stays reserved to its tenant for
 * TOLLBOOTH_SLUG_GRACE_DAYS (default 30). Meanwhile the gateway answers 308 to the new slug
 * (renamed) or 410 `api_gone` (deleted), no other tenant may take the slug, and its own tenant may
 * take it back (the reservation goes). Afterwards the slug is free. Claims and reservations of a
 * slug take a transaction-scoped advisory lock on it, so two tenants racing for one slug serialise.
 */
import type { Prisma } from "@tollbooth/db";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";

type Tx = Prisma.TransactionClient;

export function slugGraceMs(): number {
  return env().TOLLBOOTH_SLUG_GRACE_DAYS * 86_400_000;
}

async function lockSlug(tx: Tx, slug: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`slug:${slug}`}))::text`;
}

/**
 * Locks several slugs up front, in one order, before touching any row: a rename holds both its
 * slugs for the whole transaction, so a concurrent claim of the old slug waits for the
 * reservation instead of slipping in (and two crosswise renames cannot deadlock).
 */
export async function lockSlugs(tx: Tx, slugs: string[]): Promise<void> {
  for (const slug of [...new Set(slugs)].sort()) await lockSlug(tx, slug);
}

/** Whether `tenantId` may take `slug` now: refused while another tenant's reservation runs. */
export async function slugReservedForOther(
  db: Db | Tx,
  tenantId: string | null,
  slug: string,
): Promise<boolean> {
  const r = await db.slugReservation.findUnique({ where: { slug } });
  return Boolean(r && r.expiresAt.getTime() > Date.now() && r.tenantId !== tenantId);
}

export function reservedError(slug: string): AppError {
  return new AppError(
    "conflict",
    `The slug "${slug}" is reserved: another team's API used it recently. Pick another one.`,
  );
}

/** Before an API of `tenantId` takes `slug`: refuses another tenant's reservation, drops its own or a lapsed one. */
export async function claimSlug(tx: Tx, tenantId: string, slug: string): Promise<void> {
  await lockSlug(tx, slug);
  if (await slugReservedForOther(tx, tenantId, slug)) throw reservedError(slug);
  await tx.slugReservation.deleteMany({ where: { slug } });
}

/** Holds the slug an API just left for its tenant until the grace period ends. */
export async function reserveSlug(
  tx: Tx,
  input: { slug: string; tenantId: string; apiId: string; reason: "renamed" | "deleted" },
): Promise<void> {
  const grace = slugGraceMs();
  if (grace === 0) return;
  await lockSlug(tx, input.slug);
  const expiresAt = new Date(Date.now() + grace);
  await tx.slugReservation.upsert({
    where: { slug: input.slug },
    create: { ...input, expiresAt },
    update: { tenantId: input.tenantId, apiId: input.apiId, reason: input.reason, expiresAt },
  });
}
