import { createApi, ZCreateApiRequestSchema } from "../apis/create-api";
import { deleteApi, ZDeleteApiRequestSchema } from "../apis/delete-api";
import { getApi, listApis, ZGetApiRequestSchema, ZListApisRequestSchema } from "../apis/list-apis";
import { setPricingRules, ZSetPricingRulesRequestSchema } from "../apis/set-pricing-rules";
import {
  setPaused,
  setPublished,
  ZSetPausedRequestSchema,
  ZSetPublishedRequestSchema,
} from "../apis/set-published";
import { setRouteDocs, ZSetRouteDocsRequestSchema } from "../apis/set-route-docs";
import { updateApi, ZUpdateApiRequestSchema } from "../apis/update-api";
import {
  ZCreateApiKeyRequestSchema,
  ZListApiKeysRequestSchema,
  ZRevokeApiKeyRequestSchema,
} from "../keys/api-key-input";
import { createApiKey, listApiKeys, revokeApiKey } from "../keys/manage-api-keys";
import { connectLnbits, ZLnbitsRequestSchema } from "../lightning/connect-lnbits";
import { connectLnd, ZConnectLndRequestSchema } from "../lightning/connect-lnd";
import { connectNwc, ZConnectNwcRequestSchema } from "../lightning/connect-nwc";
import { createSimnetNode, ZCreateSimnetNodeRequestSchema } from "../lightning/create-simnet-node";
import { listConnections, ZListConnectionsRequestSchema } from "../lightning/list-connections";
import { removeConnection, testConnection, ZConnectionIdSchema } from "../lightning/test-connection";
import { getUsage, ZGetUsageRequestSchema } from "../usage/get-usage";
import { listRecentCalls, listRecentPayments, ZListRecentRequestSchema } from "../usage/list-recent";
import { defineRoute, type ManagementRoute } from "./define-route";

/**
 * Every endpoint of /api/v1: the handler serves exactly these, the OpenAPI document describes
 * exactly these, and the tests iterate over them. Each calls the dashboard's own server function
 * with the input schema its tRPC procedure uses, so the rules (and the tenant checks inside the
 * functions) are the same through both doors.
 */
export const MANAGEMENT_ROUTES: readonly ManagementRoute[] = [
  // ── API keys: a signed-in session only ──
  defineRoute({
    method: "GET",
    path: "/keys",
    operationId: "listApiKeys",
    summary: "List the team's API keys (never the keys themselves)",
    tag: "keys",
    access: "session",
    input: ZListApiKeysRequestSchema,
    run: ({ db, user }, input) => listApiKeys(db, user, input),
  }),
  defineRoute({
    method: "POST",
    path: "/keys",
    operationId: "createApiKey",
    summary: "Create an API key; the answer holds the key, shown this once only",
    description:
      "Needs a signed-in session (the session cookie, from this site's origin): an API key cannot create keys, so a leaked key cannot mint others that outlive its revocation.",
    tag: "keys",
    access: "session",
    input: ZCreateApiKeyRequestSchema,
    status: 201,
    run: ({ db, user }, input) => createApiKey(db, user, input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/keys/{keyId}",
    operationId: "revokeApiKey",
    summary: "Revoke an API key (its next request is a 401)",
    tag: "keys",
    access: "session",
    input: ZRevokeApiKeyRequestSchema,
    run: ({ db, user }, input) => revokeApiKey(db, user, input),
  }),

  // ── APIs ──
  defineRoute({
    method: "GET",
    path: "/apis",
    operationId: "listApis",
    summary: "List the team's APIs",
    tag: "apis",
    access: "read",
    input: ZListApisRequestSchema,
    run: ({ db, user }, input) => listApis(db, user, input.tenantId),
  }),
  defineRoute({
    method: "POST",
    path: "/apis",
    operationId: "createApi",
    summary: "Create an API (a draft: price it, connect a wallet, then publish)",
    tag: "apis",
    access: "write",
    input: ZCreateApiRequestSchema,
    status: 201,
    run: ({ db, user }, input) => createApi(db, user, input),
  }),
  defineRoute({
    method: "GET",
    path: "/apis/{apiId}",
    operationId: "getApi",
    summary: "Get one API with its pricing rules",
    tag: "apis",
    access: "read",
    input: ZGetApiRequestSchema,
    run: ({ db, user }, input) => getApi(db, user, input.apiId),
  }),
  defineRoute({
    method: "PATCH",
    path: "/apis/{apiId}",
    operationId: "updateApi",
    summary: "Change an API's settings (fields left out stay as they are)",
    tag: "apis",
    access: "write",
    input: ZUpdateApiRequestSchema,
    run: ({ db, user }, input) => updateApi(db, user, input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/apis/{apiId}",
    operationId: "deleteApi",
    summary: "Delete (archive) an API; its payment records stay",
    tag: "apis",
    access: "write",
    input: ZDeleteApiRequestSchema,
    run: ({ db, user }, input) => deleteApi(db, user, input),
  }),

  // ── Pricing and route docs ──
  defineRoute({
    method: "GET",
    path: "/apis/{apiId}/pricing",
    operationId: "getPricing",
    summary: "An API's pricing rules (in the order the gateway tries them) and its default route",
    tag: "pricing",
    access: "read",
    input: ZGetApiRequestSchema,
    run: async ({ db, user }, input) => {
      const api = await getApi(db, user, input.apiId);
      return { rules: api.pricingRules, defaultRoute: api.defaultRoute };
    },
  }),
  defineRoute({
    method: "PUT",
    path: "/apis/{apiId}/pricing",
    operationId: "setPricing",
    summary: "Replace an API's pricing rules and, when given, its default route",
    tag: "pricing",
    access: "write",
    input: ZSetPricingRulesRequestSchema,
    run: ({ db, user }, input) => setPricingRules(db, user, input),
  }),
  defineRoute({
    method: "PUT",
    path: "/apis/{apiId}/routes/{ruleId}/docs",
    operationId: "setRouteDocs",
    summary: "Set (or, with null, clear) the docs of one priced route",
    tag: "pricing",
    access: "write",
    input: ZSetRouteDocsRequestSchema,
    run: ({ db, user }, input) => setRouteDocs(db, user, input),
  }),

  // ── Publish and pause ──
  defineRoute({
    method: "PUT",
    path: "/apis/{apiId}/published",
    operationId: "setPublished",
    summary: "Publish (true) or unpublish (false) an API",
    description: "Publishing needs a connected wallet and at least one pricing rule.",
    tag: "lifecycle",
    access: "write",
    input: ZSetPublishedRequestSchema,
    run: ({ db, user }, input) => setPublished(db, user, input),
  }),
  defineRoute({
    method: "PUT",
    path: "/apis/{apiId}/paused",
    operationId: "setPaused",
    summary: "Pause (true) or resume (false) a published API",
    tag: "lifecycle",
    access: "write",
    input: ZSetPausedRequestSchema,
    run: ({ db, user }, input) => setPaused(db, user, input),
  }),

  // ── Wallets ──
  defineRoute({
    method: "GET",
    path: "/wallets",
    operationId: "listWallets",
    summary: "List the team's wallet connections (never their credentials)",
    tag: "wallets",
    access: "read",
    input: ZListConnectionsRequestSchema,
    run: ({ db, user }, input) => listConnections(db, user, input.tenantId),
  }),
  defineRoute({
    method: "POST",
    path: "/wallets/lnd",
    operationId: "connectLnd",
    summary: "Connect an LND node (gRPC address, TLS certificate, invoice macaroon)",
    description: "The connection is tested live first; an admin macaroon is refused.",
    tag: "wallets",
    access: "write",
    input: ZConnectLndRequestSchema,
    status: 201,
    run: ({ db, user }, input) => connectLnd(db, user, input),
  }),
  defineRoute({
    method: "POST",
    path: "/wallets/nwc",
    operationId: "connectNwc",
    summary: "Connect a Nostr Wallet Connect wallet by a receive-only connection string",
    tag: "wallets",
    access: "write",
    input: ZConnectNwcRequestSchema,
    status: 201,
    run: ({ db, user }, input) => connectNwc(db, user, input),
  }),
  defineRoute({
    method: "POST",
    path: "/wallets/lnbits",
    operationId: "connectLnbits",
    summary: "Connect an LNbits wallet by its invoice/read key",
    tag: "wallets",
    access: "write",
    input: ZLnbitsRequestSchema,
    status: 201,
    run: ({ db, user }, input) => connectLnbits(db, user, input),
  }),
  defineRoute({
    method: "POST",
    path: "/wallets/simnet",
    operationId: "createSimnetWallet",
    summary: "Create and connect a development wallet on the simnet (not in production: 403)",
    tag: "wallets",
    access: "write",
    input: ZCreateSimnetNodeRequestSchema,
    status: 201,
    run: ({ db, user }, input) => createSimnetNode(db, user, input.tenantId, input.kind),
  }),
  defineRoute({
    method: "POST",
    path: "/wallets/{connectionId}/test",
    operationId: "testWallet",
    summary: "Re-run a wallet's live connection test and record the result",
    tag: "wallets",
    access: "write",
    input: ZConnectionIdSchema,
    run: ({ db, user }, input) => testConnection(db, user, input.connectionId),
  }),
  defineRoute({
    method: "DELETE",
    path: "/wallets/{connectionId}",
    operationId: "removeWallet",
    summary: "Remove a wallet without payment history (APIs paid into it are unpublished)",
    tag: "wallets",
    access: "write",
    input: ZConnectionIdSchema,
    run: ({ db, user }, input) => removeConnection(db, user, input.connectionId),
  }),

  // ── Usage and payments ──
  defineRoute({
    method: "GET",
    path: "/usage",
    operationId: "getUsage",
    summary: "Gross volume, calls served, credits and errors by day, route and sale",
    tag: "usage",
    access: "read",
    input: ZGetUsageRequestSchema,
    run: ({ db, user }, input) => getUsage(db, user, input),
  }),
  defineRoute({
    method: "GET",
    path: "/payments",
    operationId: "listPayments",
    summary: "The most recent settled payments",
    tag: "usage",
    access: "read",
    input: ZListRecentRequestSchema,
    run: ({ db, user }, input) => listRecentPayments(db, user, input),
  }),
  defineRoute({
    method: "GET",
    path: "/calls",
    operationId: "listCalls",
    summary: "The most recent calls served, with what each paid",
    tag: "usage",
    access: "read",
    input: ZListRecentRequestSchema,
    run: ({ db, user }, input) => listRecentCalls(db, user, input),
  }),
];

/** The document itself is served at this path (public), besides the table above. */
export const OPENAPI_PATH = "/openapi.json";
