/**
 * The settlement hand-off (`GET /.well-known/l402/settlement`, docs/contract.md): a payer who paid
 * a challenge's invoice from somewhere else (a phone, by QR) and so never saw the preimage asks
 * here, with `Authorization: L402 <macaroon>` and no preimage, whether that invoice is settled,
 * and once it is gets the preimage to finish the call.
 *
 * Only the holder of the challenge's macaroon learns anything: the macaroon is verified (its
 * signature under the root key issued for THIS API, its service, its expiry) before the node is
 * asked. The preimage is handed out only after the node says settled. Neither the macaroon nor
 * the preimage is ever logged. The README's "Settlement hand-off" section argues why this is no
 * weaker than the 402 answer itself. Per-client and per-tenant token buckets keep polling
 * (and anyone guessing) cheap for the provider's node.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SettlementAnswer } from "@tollbooth/contract";
import { type TokenVerifier, verifyMacaroon } from "@tollbooth/l402-core";
import type { TenantApi } from "../config/tenant-config";
import { sendError, sendJson } from "../http/send-error";
import type { ChallengeStore } from "../store/challenge-store";
import type { FloodGuard } from "./flood-guard";
import { NodeUnavailableError } from "./node-gate";
import type { KnownToken } from "./root-key-cache";
import { lookupSettlement, type SettlementLookupDeps } from "./settlement-lookup";

export { SETTLEMENT_HANDOFF_PATH as SETTLEMENT_PATH } from "@tollbooth/contract";

/** `L402 <macaroon>` or `LSAT <macaroon>`, base64 (either alphabet), bounded like a credential. */
const MACAROON_ONLY = /^(?:L402|LSAT) +([A-Za-z0-9+/_-]{16,4096}={0,2})$/i;

export interface SettlementHandoffOptions extends SettlementLookupDeps {
  store: ChallengeStore;
  verifier: TokenVerifier;
  floodGuard: FloodGuard;
  /** The paywall's root-key lookup (memory, then Postgres), scoped to one API. */
  knownToken: (tokenId: string, api: TenantApi) => Promise<KnownToken | null>;
}

/** Every 200 has the contract's shape (SettlementAnswer). */
const settledAnswer = (res: ServerResponse, body: SettlementAnswer) => sendJson(res, 200, body);

/** Preimages already handed out, so a payer polling again does not ask the node again. */
const REMEMBERED = 10_000;

export class SettlementHandoff {
  private readonly preimages = new Map<string, string>();

  constructor(private readonly o: SettlementHandoffOptions) {}

  async answer(api: TenantApi, clientKey: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admitted = this.o.floodGuard.admit(api.tenantId, clientKey);
    if (!admitted.ok) {
      return sendError(res, 429, "too_many_requests", "Ask about this payment less often.", {
        "retry-after": String(admitted.retryAfterSeconds),
      });
    }
    const header = req.headers.authorization;
    const match = typeof header === "string" ? MACAROON_ONLY.exec(header.trim()) : null;
    if (!match) {
      return sendError(
        res,
        401,
        "invalid_credential",
        "Send Authorization: L402 <macaroon> — the challenge's macaroon alone, no preimage.",
      );
    }
    const macaroon = match[1]!;
    const inspected = this.o.verifier.inspect(macaroon);
    if (!inspected.ok) return sendError(res, 401, "invalid_token", inspected.error.message);

    let token: KnownToken | null;
    try {
      token = await this.o.knownToken(inspected.tokenId, api);
    } catch {
      return sendError(res, 503, "ledger_unavailable", "Cannot check this token right now.", {
        "retry-after": "2",
      });
    }
    if (!token) return sendError(res, 401, "unknown_token", "This token was not issued for this API.");
    const verified = verifyMacaroon(macaroon, token.rootKey, { service: token.serviceSlug });
    if (!verified.ok) {
      const code = verified.code === "expired" ? "token_expired" : "invalid_token";
      return sendError(res, 401, code, verified.message);
    }

    const tokenId = verified.tokenId;
    const remembered = this.preimages.get(tokenId);
    if (remembered) return settledAnswer(res, { settled: true, preimage: remembered });
    let invoice: Awaited<ReturnType<typeof lookupSettlement>>;
    try {
      invoice = await lookupSettlement(this.o, { tokenId, ...token }, api.slug);
    } catch (err) {
      const retryAfter = err instanceof NodeUnavailableError ? err.retryAfterSeconds : 2;
      return sendError(res, 503, "settlement_unknown", "Cannot ask the provider's wallet right now.", {
        "retry-after": String(retryAfter),
      });
    }
    if (!invoice) {
      return sendError(res, 503, "payments_unavailable", "This API's wallet is not connected.", {
        "retry-after": "5",
      });
    }
    if (invoice.state !== "settled") return settledAnswer(res, { settled: false, state: invoice.state });
    // A wallet that does not report preimages: settled, but the payer must get it from their wallet.
    if (!invoice.preimage) return settledAnswer(res, { settled: true, preimage: null });
    if (this.preimages.size >= REMEMBERED) this.preimages.clear();
    this.preimages.set(tokenId, invoice.preimage);
    return settledAnswer(res, { settled: true, preimage: invoice.preimage });
  }
}
