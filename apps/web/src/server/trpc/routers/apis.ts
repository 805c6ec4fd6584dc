import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { checkSlugAvailable } from "../../apis/check-slug";
import { createApi, ZCreateApiRequestSchema } from "../../apis/create-api";
import { deleteApi, ZDeleteApiRequestSchema } from "../../apis/delete-api";
import { getApi, listApis, ZGetApiRequestSchema, ZListApisRequestSchema } from "../../apis/list-apis";
import { renameSlug, ZRenameSlugRequestSchema } from "../../apis/rename-slug";
import { sendTestRequest, ZSendTestRequestSchema } from "../../apis/send-test-request";
import { setOriginSigning, ZSetOriginSigningRequestSchema } from "../../apis/set-origin-signing";
import { setPricingRules, ZSetPricingRulesRequestSchema } from "../../apis/set-pricing-rules";
import {
  setPaused,
  setPublished,
  ZSetPausedRequestSchema,
  ZSetPublishedRequestSchema,
} from "../../apis/set-published";
import { setRouteDocs, ZSetRouteDocsRequestSchema } from "../../apis/set-route-docs";
import { setUpstreamSecret, ZSetUpstreamSecretRequestSchema } from "../../apis/set-upstream-secret";
import { updateApi, ZUpdateApiRequestSchema } from "../../apis/update-api";
import {
  applyOpenApiImport,
  previewOpenApiImport,
  ZApplyOpenApiRequestSchema,
  ZPreviewOpenApiRequestSchema,
} from "../../openapi/import-openapi";
import { authedProcedure } from "../init";

export const apisRouter = {
  list: authedProcedure
    .input(ZListApisRequestSchema.optional())
    .query(({ ctx, input }) => listApis(ctx.db, ctx.user, input?.tenantId)),
  get: authedProcedure
    .input(ZGetApiRequestSchema)
    .query(({ ctx, input }) => getApi(ctx.db, ctx.user, input.apiId)),
  checkSlug: authedProcedure.input(z.object({ slug: z.string().max(100) })).query(({ ctx, input }) =>
    checkSlugAvailable(
      ctx.db,
      input.slug,
      ctx.user.tenants.map((t) => t.id),
    ),
  ),
  create: authedProcedure
    .input(ZCreateApiRequestSchema)
    .mutation(({ ctx, input }) => createApi(ctx.db, ctx.user, input)),
  update: authedProcedure
    .input(ZUpdateApiRequestSchema)
    .mutation(({ ctx, input }) => updateApi(ctx.db, ctx.user, input)),
  renameSlug: authedProcedure
    .input(ZRenameSlugRequestSchema)
    .mutation(({ ctx, input }) => renameSlug(ctx.db, ctx.user, input)),
  setUpstreamSecret: authedProcedure
    .input(ZSetUpstreamSecretRequestSchema)
    .mutation(({ ctx, input }) => setUpstreamSecret(ctx.db, ctx.user, input)),
  setOriginSigning: authedProcedure
    .input(ZSetOriginSigningRequestSchema)
    .mutation(({ ctx, input }) => setOriginSigning(ctx.db, ctx.user, input)),
  setPricingRules: authedProcedure
    .input(ZSetPricingRulesRequestSchema)
    .mutation(({ ctx, input }) => setPricingRules(ctx.db, ctx.user, input)),
  setRouteDocs: authedProcedure
    .input(ZSetRouteDocsRequestSchema)
    .mutation(({ ctx, input }) => setRouteDocs(ctx.db, ctx.user, input)),
  // A mutation though it writes nothing: the document can be 1 MiB, too large for a query URL.
  previewOpenApiImport: authedProcedure
    .input(ZPreviewOpenApiRequestSchema)
    .mutation(({ ctx, input }) => previewOpenApiImport(ctx.db, ctx.user, input)),
  applyOpenApiImport: authedProcedure
    .input(ZApplyOpenApiRequestSchema)
    .mutation(({ ctx, input }) => applyOpenApiImport(ctx.db, ctx.user, input)),
  setPublished: authedProcedure
    .input(ZSetPublishedRequestSchema)
    .mutation(({ ctx, input }) => setPublished(ctx.db, ctx.user, input)),
  setPaused: authedProcedure
    .input(ZSetPausedRequestSchema)
    .mutation(({ ctx, input }) => setPaused(ctx.db, ctx.user, input)),
  delete: authedProcedure
    .input(ZDeleteApiRequestSchema)
    .mutation(({ ctx, input }) => deleteApi(ctx.db, ctx.user, input)),
  sendTestRequest: authedProcedure
    .input(ZSendTestRequestSchema)
    .mutation(({ ctx, input }) => sendTestRequest(ctx.db, ctx.user, input)),
} satisfies TRPCRouterRecord;
