import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZCreateApiKeyRequestSchema,
  ZListApiKeysRequestSchema,
  ZRevokeApiKeyRequestSchema,
} from "../../keys/api-key-input";
import { createApiKey, listApiKeys, revokeApiKey } from "../../keys/manage-api-keys";
import { authedProcedure } from "../init";

/** The dashboard's API keys page: the same functions as /api/v1/keys, with the session. */
export const keysRouter = {
  list: authedProcedure
    .input(ZListApiKeysRequestSchema.optional())
    .query(({ ctx, input }) => listApiKeys(ctx.db, ctx.user, input ?? {})),
  create: authedProcedure
    .input(ZCreateApiKeyRequestSchema)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.user, input)),
  revoke: authedProcedure
    .input(ZRevokeApiKeyRequestSchema)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.user, input)),
} satisfies TRPCRouterRecord;
