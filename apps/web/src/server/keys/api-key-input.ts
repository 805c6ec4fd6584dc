import { z } from "zod";

/** read: every GET; write: everything else too. Neither can create or revoke keys. */
export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ZCreateApiKeyRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  name: z
    .string()
    .trim()
    .min(1, "Give the key a name, like the script or machine that uses it.")
    .max(80, "A key's name is at most 80 characters."),
  scope: z.enum(API_KEY_SCOPES, { error: "The scope is read or write." }),
});

export const ZRevokeApiKeyRequestSchema = z.object({ keyId: z.string().uuid() });

export const ZListApiKeysRequestSchema = z.object({ tenantId: z.string().uuid().optional() });
