/**
 * An API's lifecycle, read from its row the same way the gateway does (prisma/schema.prisma, Api):
 * archived (deleted by its provider) → draft (not published) → paused → published (live).
 * Only a published API is listed, quoted, sold and proxied; `disabled` is an operator block.
 */
export type ApiLifecycle = "draft" | "published" | "paused" | "archived" | "disabled";

export function apiLifecycle(api: {
  published: boolean;
  status: string;
  archivedAt: Date | null;
}): ApiLifecycle {
  if (api.archivedAt) return "archived";
  if (api.status === "disabled") return "disabled";
  if (!api.published) return "draft";
  return api.status === "paused" ? "paused" : "published";
}
