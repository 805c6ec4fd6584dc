/**
 * Issues a 402 challenge: an invoice from the tenant's node for the route's price × calls, a
 * macaroon minted under a fresh random root key, both stored before the answer leaves with what
 * the payment buys (the sold scope, see sold-scope.ts), and the docs/contract.md headers and JSON body.
 * Flood caps and the node gate make sure an unauthenticated flood costs the node a bounded amount
 * and the caller a quick 429/503, never a hang.
 */
import type { ServerResponse } from "node:http";
import { formatChallenge, mintToken, newRootKey, newTokenId } from "@tollbooth/l402-core";
import type { TenantApi } from "../config/tenant-config";
import { sendError, sendJson } from "../http/send-error";
import type { Logger } from "../ops/logger";
import type { GatewayMetrics } from "../ops/metrics";
import type { RoutePrice } from "../pricing/price-route";
import { type NewChallenge, ROOT_KEY_FIELD } from "../store/challenge-store";
import type { FloodGuard } from "./flood-guard";
import { NodeUnavailableError } from "./node-gate";
import type { NodeRegistry } from "./node-registry";
import type { RootKeyCache } from "./root-key-cache";
import { saleTerms, scopeJson, soldScopeOf } from "./sold-scope";

export type SealSecret = (input: { tenantId: string; field: string; plaintext: string }) => {
  cipher: Uint8Array;
  keyVersion: number;
};

export interface ChallengeIssuerOptions {
  /** Where a challenge is stored before its 402 leaves (a ChallengeWriter in the gateway). */
  store: { insert(challenge: NewChallenge): Promise<void> };
  nodes: NodeRegistry;
  floodGuard: FloodGuard;
  rootKeys: RootKeyCache;
  seal: SealSecret;
  metrics: GatewayMetrics;
  logger: Logger;
  invoiceExpirySeconds: number;
}

export interface ChallengeRequest {
  api: TenantApi;
  route: RoutePrice;
  clientKey: string;
  res: ServerResponse;
  /** 402 for "pay", 401 for "your credential is bad, here is a fresh challenge". */
  status: 401 | 402;
  error: string;
  message: string;
}

export class ChallengeIssuer {
  constructor(private readonly options: ChallengeIssuerOptions) {}

  /** Answers the request with a challenge (or 429/503); returns the status sent. */
  async issue(c: ChallengeRequest): Promise<number> {
    const { api, route, res } = c;
    const { metrics } = this.options;
    const verdict = this.options.floodGuard.admit(api.tenantId, c.clientKey);
    if (!verdict.ok) {
      metrics.challengesRefused.inc({ tenant: api.slug, reason: `${verdict.scope}_cap` });
      sendError(res, 429, "too_many_challenges", "Too many new payment challenges; pay one or retry later.", {
        "retry-after": String(verdict.retryAfterSeconds),
      });
      return 429;
    }
    const gate = api.lightningConnectionId ? this.options.nodes.gate(api.lightningConnectionId) : undefined;
    if (!gate) {
      metrics.challengesRefused.inc({ tenant: api.slug, reason: "no_node" });
      sendError(res, 503, "payments_unavailable", "This API has no Lightning node connected.", {
        "retry-after": "30",
      });
      return 503;
    }
    const description = `${api.name}: ${route.kind === "time_pass" ? `${route.passSeconds ?? 0} s pass` : `${route.calls} call(s)`} ${route.method} ${route.pathPattern}`;
    let invoice: Awaited<ReturnType<typeof gate.backend.createInvoice>>;
    try {
      invoice = await gate.call((node) =>
        node.createInvoice({
          amountSats: route.amountSats,
          memo: description.slice(0, 600),
          expirySeconds: this.options.invoiceExpirySeconds,
        }),
      );
    } catch (err) {
      const retryAfter = err instanceof NodeUnavailableError ? err.retryAfterSeconds : 5;
      const reason = err instanceof NodeUnavailableError ? err.reason : "node_error";
      metrics.challengesRefused.inc({ tenant: api.slug, reason });
      sendError(
        res,
        503,
        reason === "node_busy" ? "node_busy" : "node_unavailable",
        "The provider's Lightning node cannot issue an invoice right now.",
        {
          "retry-after": String(retryAfter),
        },
      );
      return 503;
    }
    const rootKey = newRootKey();
    const tokenId = newTokenId().toString("hex");
    const nowSeconds = Math.floor(Date.now() / 1000);
    const validSeconds =
      route.kind === "time_pass" ? (route.passSeconds ?? api.tokenValiditySeconds) : api.tokenValiditySeconds;
    const macaroon = mintToken({
      rootKey,
      paymentHash: invoice.paymentHash,
      tokenId,
      service: api.slug,
      validUntil: nowSeconds + validSeconds,
      calls: route.calls ?? undefined,
    });
    const sealed = this.options.seal({
      tenantId: api.tenantId,
      field: ROOT_KEY_FIELD,
      plaintext: rootKey.toString("hex"),
    });
    const sold = soldScopeOf(route);
    try {
      await this.options.store.insert({
        tenantId: api.tenantId,
        apiId: api.id,
        connectionId: gate.connectionId,
        paymentHash: invoice.paymentHash,
        tokenId,
        pricingRuleId: route.id,
        serviceSlug: api.slug,
        sold,
        amountSats: route.amountSats,
        callsGranted: route.calls ?? 0,
        bolt11: invoice.bolt11,
        expiresAt: invoice.expiresAt,
        rootKeyCipher: sealed.cipher,
        rootKeyVersion: sealed.keyVersion,
      });
    } catch (err) {
      this.options.logger.warn({ err: String(err), tenant: api.slug }, "cannot store a challenge");
      sendError(res, 503, "challenge_unavailable", "Cannot issue a payment challenge right now.", {
        "retry-after": "2",
      });
      return 503;
    }
    this.options.rootKeys.set(tokenId, {
      rootKey,
      apiId: api.id,
      serviceSlug: api.slug,
      ...saleTerms(sold),
      connectionId: gate.connectionId,
      paymentHash: invoice.paymentHash,
    });
    metrics.challenges.inc({ tenant: api.slug });
    sendJson(
      res,
      c.status,
      {
        error: c.error,
        message: c.message,
        amount_sats: route.amountSats,
        description,
        expires: invoice.expiresAt.toISOString(),
        invoice: invoice.bolt11,
        macaroon,
        payment_hash: invoice.paymentHash,
        calls: route.calls,
        // What this payment buys: the token is honoured wherever the API's rules price a request
        // under this same method and pattern, whatever happens to the rule rows.
        scope: scopeJson(route),
      },
      { "www-authenticate": formatChallenge({ macaroon, invoice: invoice.bolt11 }) },
    );
    return c.status;
  }
}
