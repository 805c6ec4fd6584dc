/**
 * `GET /.well-known/l402/receipt` (docs/contract.md "Receipts"): a payment's signed receipt again,
 * for whoever holds the token: `Authorization: L402 <macaroon>:<preimage>`, the macaroon verified
 * under the root key issued for THIS API and the preimage checked against its payment hash
 * (constant time). A receipt is proof of a past payment, so an expired token still gets its own.
 * Issues the receipt when none exists yet (the paid call that should have carried it could not
 * write it). Neither the macaroon nor the preimage is logged. Polls are capped like the
 * settlement hand-off's.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCredential, type TokenVerifier, verifyMacaroon } from "@tollbooth/l402-core";
import { decodeReceipt, RECEIPT_HEADER } from "@tollbooth/receipts";
import type { TenantApi } from "../config/tenant-config";
import { sendError, sendJson } from "../http/send-error";
import type { FloodGuard } from "./flood-guard";
import type { ReceiptIssuer } from "./receipt-issuer";
import type { KnownToken } from "./root-key-cache";

export { RECEIPT_PATH } from "@tollbooth/receipts";

export interface ReceiptDeskOptions {
  /** null: this gateway has no receipt key (development without TOLLBOOTH_RECEIPT_KEY). */
  issuer: ReceiptIssuer | null;
  verifier: TokenVerifier;
  floodGuard: FloodGuard;
  knownToken: (tokenId: string, api: TenantApi) => Promise<KnownToken | null>;
}

function preimageMatches(preimageHex: string, paymentHash: string): boolean {
  const digest = createHash("sha256").update(Buffer.from(preimageHex, "hex")).digest();
  const expected = Buffer.from(paymentHash, "hex");
  return expected.length === digest.length && timingSafeEqual(digest, expected);
}

export class ReceiptDesk {
  constructor(private readonly o: ReceiptDeskOptions) {}

  async answer(api: TenantApi, clientKey: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admitted = this.o.floodGuard.admit(api.tenantId, clientKey);
    if (!admitted.ok) {
      return sendError(res, 429, "too_many_requests", "Ask for receipts less often.", {
        "retry-after": String(admitted.retryAfterSeconds),
      });
    }
    if (!this.o.issuer) {
      return sendError(res, 503, "receipts_unavailable", "This gateway issues no receipts (no receipt key).");
    }
    const credential = parseCredential(req.headers.authorization);
    if (!credential.ok) {
      return sendError(res, 401, "invalid_credential", "Send Authorization: L402 <macaroon>:<preimage>.");
    }
    const macaroon = credential.macaroons[0]!;
    const inspected = this.o.verifier.inspect(macaroon);
    if (!inspected.ok) return sendError(res, 401, "invalid_token", inspected.error.message);
    try {
      const token = await this.o.knownToken(inspected.tokenId, api);
      if (!token) return sendError(res, 401, "unknown_token", "This token was not issued for this API.");
      // now: 0 — expiry bounds the token's calls, not the buyer's proof of having paid.
      const verified = verifyMacaroon(macaroon, token.rootKey, { service: token.serviceSlug, now: 0 });
      if (!verified.ok) return sendError(res, 401, "invalid_token", verified.message);
      if (!preimageMatches(credential.preimage, token.paymentHash)) {
        return sendError(res, 401, "invalid_credential", "The preimage does not match this token's payment.");
      }
      const issued = await this.o.issuer.receiptFor(verified.tokenId, api.id);
      if (!issued) {
        return sendError(res, 404, "receipt_not_found", "No receipt: this token's payment is not settled.");
      }
      token.receipted = true;
      return sendJson(
        res,
        200,
        { receipt: decodeReceipt(issued.encoded), receipt_header: issued.encoded },
        { [RECEIPT_HEADER.toLowerCase()]: issued.encoded },
      );
    } catch {
      return sendError(res, 503, "ledger_unavailable", "Cannot read this receipt right now.", {
        "retry-after": "2",
      });
    }
  }
}
