/**
 * The paywall on a priced route, in order: no credential → free tier or a 402 challenge; parse
 * the credential; find the token's root key (issued for THIS API, else 401); verify signature,
 * preimage and caveats (l402-core, cached) against the slug it was minted under; check the request
 * is priced under the scope the token was sold for (same method and pattern, by content: a rule
 * saved again, reordered or repriced keeps its tokens, another scope pays again); make sure its
 * invoice is settled (stream, then database, then the node); consume one call, worth the price
 * at sale, atomically; grant. Every refusal carries a fresh challenge, as docs/contract.md says.
 */
import {
  type Credential,
  parseCredential,
  type TokenVerifier,
  type VerifiedToken,
} from "@tollbooth/l402-core";
import { RECEIPT_HEADER } from "@tollbooth/receipts";
import type { OpenSecret } from "../config/load-config";
import type { TenantApi } from "../config/tenant-config";
import { sendError } from "../http/send-error";
import type { Logger } from "../ops/logger";
import type { GatewayMetrics } from "../ops/metrics";
import { type ChallengeStore, ROOT_KEY_FIELD } from "../store/challenge-store";
import type { FreeTier } from "../store/free-tier";
import type { ChallengeIssuer } from "./challenge-issuer";
import type { ConsumptionLedger } from "./consumption";
import { NodeUnavailableError } from "./node-gate";
import type { NodeRegistry, SettledTokens } from "./node-registry";
import type { Grant, PaidRequest, Paywall, PaywallDecision } from "./paywall-types";
import type { ReceiptIssuer } from "./receipt-issuer";
import type { KnownToken, RootKeyCache } from "./root-key-cache";
import { lookupSettlement } from "./settlement-lookup";
import { saleTerms } from "./sold-scope";

export interface L402PaywallOptions {
  issuer: ChallengeIssuer;
  store: ChallengeStore;
  ledger: ConsumptionLedger;
  freeTier: FreeTier;
  verifier: TokenVerifier;
  rootKeys: RootKeyCache;
  settled: SettledTokens;
  nodes: NodeRegistry;
  openSecret: OpenSecret;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Signs each payment's receipt on its first call here; none without a receipt key. */
  receipts?: ReceiptIssuer | null;
}

type Answered = Extract<PaywallDecision, { kind: "answered" }>;

export class L402Paywall implements Paywall {
  constructor(private readonly o: L402PaywallOptions) {}

  private async challenge(
    r: PaidRequest,
    status: 401 | 402,
    error: string,
    message: string,
    tokenId: string | null = null,
  ): Promise<Answered> {
    const sent = await this.o.issuer.issue({
      api: r.api,
      route: r.route,
      clientKey: r.clientKey,
      res: r.res,
      status,
      error,
      message,
    });
    return { kind: "answered", status: sent, tokenId };
  }

  private unavailable(r: PaidRequest, error: string, message: string, retryAfter: number): Answered {
    sendError(r.res, 503, error, message, { "retry-after": String(retryAfter) });
    return { kind: "answered", status: 503, tokenId: null };
  }

  authorize(r: PaidRequest): PaywallDecision | Promise<PaywallDecision> {
    const header = r.req.headers.authorization;
    if (header === undefined) return this.unpaid(r);
    // Parsed and inspected once, for both paths below.
    const credential = parseCredential(header);
    if (!credential.ok) return this.challenge(r, 401, "invalid_credential", credential.error.message);
    const inspected = this.o.verifier.inspect(credential.macaroons[0]!);
    if (!inspected.ok) return this.challenge(r, 401, "invalid_token", inspected.error.message);
    return this.warmGrant(r, credential, inspected.tokenId) ?? this.decide(r, credential, inspected.tokenId);
  }

  /** No credential: a free-tier call when the API has one left for this client, else a 402. */
  private async unpaid(r: PaidRequest): Promise<PaywallDecision> {
    const { api, route } = r;
    if (api.freeTierCalls > 0) {
      const slot = await this.o.freeTier
        .take(api.id, r.clientKey, api.freeTierCalls, api.freeTierWindowSeconds)
        .catch(() => null);
      if (slot) {
        return {
          kind: "granted",
          grant: {
            kind: "free_tier",
            tokenId: null,
            chain: [],
            sats: 0,
            msats: 0n,
            free: true,
            freeTierSlot: slot,
          },
        };
      }
    }
    return this.challenge(
      r,
      402,
      "payment_required",
      `Pay ${route.amountSats} sats to call ${route.method} ${route.pathPattern}.`,
    );
  }

  /**
   * The common case, decided without I/O: a token whose root key this instance holds, known
   * settled, with a call left in its lease here. Anything else (a refusal, a cold token) is null
   * and takes `decide`, which checks it all again and gives the refusal its answer.
   */
  private warmGrant(r: PaidRequest, credential: Credential, tokenId: string): PaywallDecision | null {
    const token = this.o.rootKeys.get(tokenId);
    if (!token || token.apiId !== r.api.id || token.scopeKey !== r.route.scopeKey) return null;
    // A payment's first call issues its receipt (decide): a time pass has no lease to miss, so
    // without this its first call could be served warm, receipt-less, once the stream saw it settled.
    if (this.o.receipts && !token.receipted) return null;
    const verified = this.o.verifier.verify(credential, token.rootKey, {
      service: token.serviceSlug,
      method: r.method,
      path: r.path,
    });
    if (!verified.ok || !this.o.settled.has(verified.tokenId)) return null;
    if (!this.o.ledger.takeLeased(verified.tokenId, verified.limits, token.msatsPerCall)) return null;
    return this.granted(r, verified, token);
  }

  private granted(r: PaidRequest, verified: VerifiedToken, token: KnownToken): PaywallDecision {
    this.o.metrics.paidCalls.inc({ tenant: r.api.slug });
    const grant: Grant = {
      kind: token.timePass ? "time_pass" : "token",
      tokenId: verified.tokenId,
      chain: verified.limits.map((l) => l.fingerprint),
      sats: token.satsPerCall,
      msats: token.msatsPerCall,
      free: false,
    };
    return { kind: "granted", grant };
  }

  private async decide(r: PaidRequest, credential: Credential, tokenId: string): Promise<PaywallDecision> {
    const { api, route } = r;
    let token: KnownToken | null;
    try {
      token = await this.knownToken(tokenId, api);
    } catch {
      return this.unavailable(r, "ledger_unavailable", "Cannot check this token right now.", 2);
    }
    if (!token) return this.challenge(r, 401, "unknown_token", "This token was not issued for this API.");

    const verified = this.o.verifier.verify(credential, token.rootKey, {
      service: token.serviceSlug,
      method: r.method,
      path: r.path,
    });
    if (!verified.ok) {
      if (verified.code === "expired")
        return this.challenge(r, 402, "token_expired", verified.message, tokenId);
      return this.challenge(r, 401, "invalid_token", verified.message);
    }
    if (token.scopeKey !== route.scopeKey) {
      // A token buys calls on the scope it was sold for; this request is priced under another one
      // (so no respelling or repricing of a request makes it cheaper than its route).
      return this.challenge(
        r,
        402,
        "payment_required",
        `This token was bought for another route; ${route.method} ${route.pathPattern} is sold separately.`,
        verified.tokenId,
      );
    }

    try {
      if (!(await this.isSettled(verified.tokenId, token, api.slug))) {
        sendError(r.res, 402, "payment_pending", "The invoice for this token is not settled yet.", {
          "retry-after": "1",
        });
        return { kind: "answered", status: 402, tokenId: verified.tokenId };
      }
    } catch (err) {
      const retryAfter = err instanceof NodeUnavailableError ? err.retryAfterSeconds : 2;
      return this.unavailable(
        r,
        "settlement_unknown",
        "Cannot confirm this token's payment right now.",
        retryAfter,
      );
    }

    let consumed: boolean;
    try {
      consumed = await this.o.ledger.consume(verified.tokenId, verified.limits, token.msatsPerCall);
    } catch {
      return this.unavailable(r, "ledger_unavailable", "Cannot record this paid call right now.", 2);
    }
    if (!consumed) {
      return this.challenge(
        r,
        402,
        "token_exhausted",
        "This token's calls are used up; pay for more.",
        verified.tokenId,
      );
    }
    // While Postgres is away calls are counted locally; the receipt waits for it to come back.
    if (this.o.receipts && !token.receipted && !this.o.ledger.isOffline) {
      await this.attachReceipt(r, verified.tokenId, token);
    }
    return this.granted(r, verified, token);
  }

  /**
   * The payment's receipt on the answer that issued it. A failure costs the header only: the call
   * is served, the mark stays unset so the next cold call tries again, and the buyer can fetch the
   * receipt later (receipt-desk.ts), which issues it then.
   */
  private async attachReceipt(r: PaidRequest, tokenId: string, token: KnownToken): Promise<void> {
    try {
      const issued = await this.o.receipts!.receiptFor(tokenId, r.api.id);
      if (!issued) return;
      token.receipted = true;
      if (issued.fresh) r.res.setHeader(RECEIPT_HEADER, issued.encoded);
    } catch (err) {
      this.o.logger.warn({ tenant: r.api.slug, err: String(err) }, "receipt not issued yet");
    }
  }

  async refund(api: TenantApi, grant: Grant): Promise<void> {
    if (grant.freeTierSlot) {
      await this.o.freeTier.giveBack(api.id, grant.freeTierSlot);
      return;
    }
    if (grant.tokenId && grant.chain.length > 0) {
      await this.o.ledger.refund(grant.tokenId, grant.chain, grant.msats);
    }
  }

  /**
   * The token's root key, from memory or Postgres; null when it was not issued for this API.
   * Public for the settlement hand-off, which verifies a macaroon under the same key.
   */
  async knownToken(tokenId: string, api: TenantApi): Promise<KnownToken | null> {
    const cached = this.o.rootKeys.get(tokenId);
    if (cached) return cached.apiId === api.id ? cached : null;
    const stored = await this.o.store.find(tokenId, api.id);
    if (!stored) return null;
    let rootKeyHex: string;
    try {
      rootKeyHex = this.o.openSecret({
        tenantId: stored.tenantId,
        field: ROOT_KEY_FIELD,
        cipher: stored.keyCipher,
        keyVersion: stored.keyVersion,
      });
    } catch {
      return null;
    }
    const token: KnownToken = {
      rootKey: Buffer.from(rootKeyHex, "hex"),
      apiId: api.id,
      serviceSlug: stored.serviceSlug ?? api.slug,
      ...saleTerms(stored.sold),
      connectionId: stored.connectionId,
      paymentHash: stored.paymentHash,
      receipted: stored.receipted,
    };
    if (stored.state === "settled") this.o.settled.add(tokenId);
    this.o.rootKeys.set(tokenId, token);
    return token;
  }

  /** Settlement stream first (memory), then the database, then ask the node (lookup fallback). */
  private async isSettled(tokenId: string, token: KnownToken, tenant: string): Promise<boolean> {
    if (this.o.settled.has(tokenId)) return true;
    const state = await this.o.store.state(tokenId);
    if (state === "settled") {
      this.o.settled.add(tokenId);
      return true;
    }
    const invoice = await lookupSettlement(this.o, { tokenId, ...token }, tenant);
    return invoice?.state === "settled";
  }
}
