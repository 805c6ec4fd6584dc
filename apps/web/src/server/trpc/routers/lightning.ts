import type { TRPCRouterRecord } from "@trpc/server";
import { connectLnbits, testLnbits, ZLnbitsRequestSchema } from "../../lightning/connect-lnbits";
import { connectLnd, ZConnectLndRequestSchema } from "../../lightning/connect-lnd";
import { connectNwc, ZConnectNwcRequestSchema } from "../../lightning/connect-nwc";
import {
  createSimnetNode,
  simnetAvailable,
  ZCreateSimnetNodeRequestSchema,
} from "../../lightning/create-simnet-node";
import { listConnections, ZListConnectionsRequestSchema } from "../../lightning/list-connections";
import { removeConnection, testConnection, ZConnectionIdSchema } from "../../lightning/test-connection";
import { authedProcedure } from "../init";

export const lightningRouter = {
  list: authedProcedure
    .input(ZListConnectionsRequestSchema.optional())
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
    .input(ZCreateSimnetNodeRequestSchema.optional())
    .mutation(({ ctx, input }) => createSimnetNode(ctx.db, ctx.user, input?.tenantId, input?.kind)),
  test: authedProcedure
    .input(ZConnectionIdSchema)
    .mutation(({ ctx, input }) => testConnection(ctx.db, ctx.user, input.connectionId)),
  remove: authedProcedure
    .input(ZConnectionIdSchema)
    .mutation(({ ctx, input }) => removeConnection(ctx.db, ctx.user, input.connectionId)),
} satisfies TRPCRouterRecord;
