import type { ApiKeyScope } from "./api-key-input";

/** What the dashboard and GET /api/v1/keys show of a key: never the key or its hash. */
export function toApiKeyView(k: {
  id: string;
  name: string;
  scope: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy?: { email: string } | null;
}) {
  return {
    id: k.id,
    name: k.name,
    scope: k.scope as ApiKeyScope,
    /** The key's first characters, then an ellipsis: enough to tell keys apart. */
    prefix: `${k.prefix}…`,
    createdBy: k.createdBy?.email ?? null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export type ApiKeyView = ReturnType<typeof toApiKeyView>;
