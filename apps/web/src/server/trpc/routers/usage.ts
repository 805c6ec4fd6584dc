import type { TRPCRouterRecord } from "@trpc/server";
import { listAudit, ZListAuditRequestSchema } from "../../audit/list-audit";
import { getUsage, ZGetUsageRequestSchema } from "../../usage/get-usage";
import { listRecentCalls, listRecentPayments, ZListRecentRequestSchema } from "../../usage/list-recent";
import { authedProcedure } from "../init";

export const usageRouter = {
  stats: authedProcedure
    .input(ZGetUsageRequestSchema)
    .query(({ ctx, input }) => getUsage(ctx.db, ctx.user, input)),
  recentPayments: authedProcedure
    .input(ZListRecentRequestSchema)
    .query(({ ctx, input }) => listRecentPayments(ctx.db, ctx.user, input)),
  recentCalls: authedProcedure
    .input(ZListRecentRequestSchema)
    .query(({ ctx, input }) => listRecentCalls(ctx.db, ctx.user, input)),
  audit: authedProcedure
    .input(ZListAuditRequestSchema)
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.user, input)),
} satisfies TRPCRouterRecord;
