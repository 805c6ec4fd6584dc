import type { Db } from "./client";

/**
 * The base rows every installation needs. Today there are none: the data model has no global
 * lookup tables, and the demo provider, its APIs and their secrets are seeded by apps/web
 * (packages never import apps). Kept as the one place such rows would go; idempotent by design.
 * Resolves with what it checked so the seed command can report it.
 */
export async function seedBase(db: Db): Promise<{ tenants: number; apis: number }> {
  const [tenants, apis] = await Promise.all([db.tenant.count(), db.api.count()]);
  return { tenants, apis };
}
