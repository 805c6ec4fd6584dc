import type { TRPCRouterRecord } from "@trpc/server";
import { listReceipts, ZListReceiptsRequestSchema } from "../../receipts/list-receipts";
import { authedProcedure } from "../init";

export const receiptsRouter = {
  list: authedProcedure
    .input(ZListReceiptsRequestSchema)
    .query(({ ctx, input }) => listReceipts(ctx.db, ctx.user, input)),
} satisfies TRPCRouterRecord;
