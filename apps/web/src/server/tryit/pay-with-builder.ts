import { readInvoice } from "@tollbooth/l402-core";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { payInvoice } from "../lightning/node";
import { simnetAdmin } from "../lightning/simnet-admin";
import { reserveBuilderPayment } from "./wallet-allowance";

/**
 * Development only: pays a hub invoice from the simnet's funded builder wallet, so a visitor can
 * try an API in one click. Only invoices the gateway issued for a published API and that are
 * still pending are paid — the wallet is not a public faucet for arbitrary invoices — and only
 * within the cap per invoice and the allowances per visitor and overall (wallet-allowance.ts).
 */
export async function payWithBuilderWallet(db: Db, slug: string, bolt11: string, visitor: string) {
  if (env().isProduction) throw new AppError("forbidden", "The builder wallet exists only in development.");
  const challenge = await findIssuedChallenge(db, slug, bolt11);
  if (!challenge)
    throw new AppError(
      "bad_request",
      "That invoice was not issued by this API's gateway, or it is no longer open.",
    );
  if (challenge.expiresAt.getTime() < Date.now())
    throw new AppError("bad_request", "The invoice has expired. Ask for a new one.");
  // What leaves the wallet is the invoice's own amount: never trust the row alone.
  const amountMsat = readInvoice(bolt11)?.amountMsat;
  if (amountMsat === undefined) throw new AppError("bad_request", "The invoice has no amount.");
  const sats = Math.max(challenge.amountSats, Number((amountMsat + 999n) / 1000n));
  const release = reserveBuilderPayment(visitor, sats);
  const started = performance.now();
  try {
    const builder = await simnetAdmin.builder();
    const paid = await payInvoice(
      { socket: builder.socket, tlsCert: builder.tlsCert, macaroon: builder.adminMacaroon },
      bolt11,
    );
    return {
      preimage: paid.preimage,
      paymentHash: paid.paymentHash,
      feeSats: paid.feeSats,
      ms: Math.round(performance.now() - started),
    };
  } catch (err) {
    release();
    if (err instanceof AppError) throw err;
    throw new AppError(
      "upstream_error",
      `The payment failed: ${err instanceof Error ? err.message : "unknown reason"}`,
    );
  }
}

/**
 * The gateway stores a challenge before its 402 leaves (apps/gateway/src/payment/challenge-writer.ts),
 * so one lookup finds it; none means the invoice is not one the gateway issued for this API.
 */
async function findIssuedChallenge(db: Db, slug: string, bolt11: string) {
  return db.challenge.findFirst({
    where: { bolt11, state: "pending", api: { slug, published: true } },
    select: { id: true, expiresAt: true, amountSats: true },
  });
}
