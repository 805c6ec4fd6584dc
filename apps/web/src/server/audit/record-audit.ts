import type { Db } from "../db";

/** Audit actions, in the product's words. */
export type AuditAction =
  | "tenant.created"
  | "api.created"
  | "api.updated"
  | "api.slug_changed"
  | "api.upstream_secret_set"
  | "api.upstream_secret_cleared"
  | "api.origin_signing_on"
  | "api.origin_signing_rotated"
  | "api.origin_signing_off"
  | "api.upstream_secret_bound"
  | "api.pricing_updated"
  | "api.docs_updated"
  | "api.openapi_imported"
  | "api.published"
  | "api.unpublished"
  | "api.paused"
  | "api.resumed"
  | "api.deleted"
  | "lightning.connected"
  | "lightning.tested"
  | "lightning.removed"
  | "api.test_request"
  | "api_key.created"
  | "api_key.revoked";

export async function recordAudit(
  db: Db,
  event: {
    tenantId: string;
    actorId: string | null;
    action: AuditAction;
    target?: string;
    details?: Record<string, string | number | boolean | null>;
  },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      tenantId: event.tenantId,
      actorId: event.actorId,
      action: event.action,
      target: event.target ?? null,
      details: event.details ?? {},
    },
  });
}
