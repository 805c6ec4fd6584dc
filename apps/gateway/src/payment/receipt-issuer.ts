/**
 * Signed receipts (docs/contract.md "Receipts"): one per settled payment, signed with the
 * operator's key from what the challenge row says was sold and when it settled. The paywall asks
 * on the first call it serves a token on this instance (the warm path declines a token not yet
 * marked `receipted`), so signing happens once per payment; a token whose receipt was already
 * stored when this instance loaded it (store/challenge-store.ts reads that with the root key) is
 * never asked about again. The header goes out only with the answer whose insert wrote the
 * receipt: a second call, or another instance, finds it stored and sends none;
 * `GET /.well-known/l402/receipt` hands it out again.
 */
import { encodeSignedReceipt, type ReceiptSigner } from "@tollbooth/receipts";
import type { ReceiptStore } from "../store/receipt-store";

export interface IssuedReceipt {
  /** The `Tollbooth-Receipt` header value. */
  encoded: string;
  /** This call wrote it: the answer carries it. */
  fresh: boolean;
}

export class ReceiptIssuer {
  constructor(
    private readonly store: ReceiptStore,
    private readonly signer: ReceiptSigner,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The payment's receipt, issued now if it has none; null while the token's invoice is unsettled. */
  async receiptFor(tokenId: string, apiId: string): Promise<IssuedReceipt | null> {
    const sale = await this.store.settledSale(tokenId, apiId);
    if (!sale) return null;
    if (sale.issued)
      return { encoded: encodeSignedReceipt(sale.issued.body, sale.issued.signature), fresh: false };
    // A sale whose scope is unknown (a row no gateway wrote) buys nothing, so it has no receipt.
    if (sale.method === null || sale.pathPattern === null) return null;
    const timePass = sale.kind === "time_pass";
    const signed = this.signer.sign({
      api: sale.apiSlug,
      scope: { method: sale.method, path: sale.pathPattern },
      kind: sale.kind,
      sats: sale.amountSats,
      calls: timePass ? null : sale.callsGranted,
      seconds: timePass ? sale.passSeconds : null,
      payment_hash: sale.paymentHash,
      settled_at: sale.settledAt.toISOString(),
      issued_at: this.now().toISOString(),
    });
    const wrote = await this.store.insert({
      tenantId: sale.tenantId,
      apiId: sale.apiId,
      paymentHash: sale.paymentHash,
      tokenId: sale.tokenId,
      body: signed.receipt,
      signature: signed.signature,
      kid: this.signer.kid,
    });
    if (wrote) return { encoded: signed.encoded, fresh: true };
    // Another instance issued it between our read and our insert: serve theirs, never a second one.
    const theirs = await this.store.settledSale(tokenId, apiId);
    return theirs?.issued
      ? { encoded: encodeSignedReceipt(theirs.issued.body, theirs.issued.signature), fresh: false }
      : null;
  }
}
