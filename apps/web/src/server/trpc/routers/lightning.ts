import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { connectLnbits, testLnbits, ZLnbitsRequestSchema } from "../../lightning/connect-lnbits";
import { connectLnd, ZConnectLndRequestSchema } from "../../lightning/connect-lnd";
import { connectNwc, ZConnectNwcRequestSchema } from "../../lightning/connect-nwc";
import { createSimnetNode, SIMNET_NODE_KINDS, simnetAvailable } from "../../lightning/create-simnet-node";
import { listConnections } from "../../lightning/list-connections";
import { removeConnection, testConnection } from "../../lightning/test-connection";
import { authedProcedure } from "../init";

const ZConnectionId = z.object({ connectionId: z.string().uuid() });

export const lightningRouter = {
  list: authedProcedure
    .input(z.object({ tenantId: z.string().uuid().optional() }).optional())
    .query(({ ctx, input }) => listConnections(ctx.db, ctx.user, input?.tenantId)),
  simnetAvailable: authedProcedure.query(() => simnetAvailable()),
  connectLnd: authedProcedure
    .input(ZConnectLndRequestSchema)
    .mutation(({ ctx, input }) => connectLnd(ctx.db, ctx.user, input)),
  connectLnbits: authedProcedure
    .input(ZLnbitsRequestSchema)
    .mutation(({ ctx, input }) => connectLnbits(ctx.db, ctx.user, input)),
  /** Tests an LNbits wallet before connecting it; nothing is saved. */
  testLnbits: authedProcedure
    .input(ZLnbitsRequestSchema.omit({ tenantId: true }))
    .mutation(async ({ input }) => {
      const { url: _url, ...check } = await testLnbits(input);
      return check;
    }),
  connectNwc: authedProcedure
    .input(ZConnectNwcRequestSchema)
    .mutation(({ ctx, input }) => connectNwc(ctx.db, ctx.user, input)),
  createSimnetNode: authedProcedure
    .input(
      z
        .object({
          tenantId: z.string().uuid().optional(),
          kind: z.enum(SIMNET_NODE_KINDS).optional(),
        })
        .optional(),
    )
    .mutation(({ ctx, input }) => createSimnetNode(ctx.db, ctx.user, input?.tenantId, input?.kind)),
  test: authedProcedure
    .input(ZConnectionId)
    .mutation(({ ctx, input }) => testConnection(ctx.db, ctx.user, input.connectionId)),
  remove: authedProcedure
    .input(ZConnectionId)
    .mutation(({ ctx, input }) => removeConnection(ctx.db, ctx.user, input.connectionId)),
} satisfies TRPCRouterRecord;
