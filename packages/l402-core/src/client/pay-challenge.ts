/**
 * The paying half of fetchWithL402: reading a 402 and paying its challenge, only when the price is
 * within the cap and the invoice is the advertised one that unlocks the macaroon.
 */
import { createHash } from "node:crypto";
import { parseChallenge } from "../challenge";
import { inspectToken } from "../token";
import { L402ClientError } from "./errors";
import type { FetchWithL402Options } from "./fetch-with-l402";
import { readInvoice } from "./invoice";
import type { StoredToken } from "./token-store";

const MAX_CHALLENGE_BODY = 64 * 1024;
const PREIMAGE = /^[0-9a-fA-F]{64}$/;

/** A 402 read once: its challenge header and JSON body (error code, amount, scope). */
export interface ReadChallenge {
  header: string | null;
  body: Record<string, unknown> | undefined;
}

/** Parses the 402, checks price and invoice, pays, and returns the credential to retry with. */
export async function payChallenge(
  read: ReadChallenge,
  options: Pick<FetchWithL402Options, "wallet" | "maxSats">,
): Promise<StoredToken> {
  const challenge = parseChallenge(read.header);
  const advertised = advertisedSats(read.body);
  if (!challenge.ok) {
    throw new L402ClientError("bad_challenge", "The 402 response has no L402 challenge we can read.", {
      status: 402,
    });
  }
  const invoice = readInvoice(challenge.invoice);
  if (!invoice)
    throw new L402ClientError("bad_invoice", "The challenge's invoice does not decode.", { status: 402 });
  if (invoice.amountMsat === undefined) {
    throw new L402ClientError("invoice_without_amount", "The challenge's invoice has no amount.", {
      status: 402,
    });
  }
  const invoiceSats = Number((invoice.amountMsat + 999n) / 1000n);
  // A missing or nonsensical cap (NaN, negative) must mean "pay nothing", never "no limit".
  const cap = Number.isFinite(options.maxSats) && options.maxSats >= 0 ? options.maxSats : 0;
  const price = advertised ?? invoiceSats;
  if (price > cap || invoiceSats > cap) {
    throw new L402ClientError(
      "price_above_cap",
      `The price is ${Math.max(price, invoiceSats)} sats, above the cap of ${cap} sats.`,
      { status: 402 },
    );
  }
  if (advertised !== undefined && invoice.amountMsat !== BigInt(advertised) * 1000n) {
    throw new L402ClientError(
      "invoice_amount_mismatch",
      `The invoice is for ${invoice.amountMsat} msat but the advertised price is ${advertised} sats.`,
      { status: 402 },
    );
  }
  const token = inspectToken(challenge.macaroon);
  if (token.ok && token.paymentHash !== invoice.paymentHash) {
    throw new L402ClientError("invoice_hash_mismatch", "Paying this invoice would not unlock the macaroon.", {
      status: 402,
    });
  }

  let preimage: string;
  try {
    ({ preimage } = await options.wallet.payInvoice(challenge.invoice));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new L402ClientError("payment_failed", `The wallet could not pay the invoice: ${reason}`);
  }
  if (typeof preimage !== "string" || !PREIMAGE.test(preimage)) {
    throw new L402ClientError("payment_failed", "The wallet returned no valid preimage.", { paid: true });
  }
  const hash = createHash("sha256").update(Buffer.from(preimage, "hex")).digest("hex");
  if (hash !== invoice.paymentHash) {
    throw new L402ClientError("payment_failed", "The wallet's preimage does not match the invoice.", {
      paid: true,
    });
  }
  return { macaroon: challenge.macaroon, preimage: preimage.toLowerCase(), scheme: challenge.scheme };
}

/** `amount_sats` from the JSON body of a Tollbooth 402, if there is one. */
function advertisedSats(body: Record<string, unknown> | undefined): number | undefined {
  const sats = body?.amount_sats;
  return typeof sats === "number" && Number.isSafeInteger(sats) && sats >= 0 ? sats : undefined;
}

/** Reads a 402 once: the challenge header, and the JSON body when there is a small one. */
export async function readChallenge(response: Response): Promise<ReadChallenge> {
  const header = response.headers.get("www-authenticate");
  try {
    const type = response.headers.get("content-type") ?? "";
    if (!type.includes("json")) {
      await response.body?.cancel();
      return { header, body: undefined };
    }
    const text = await response.text();
    if (text.length > MAX_CHALLENGE_BODY) return { header, body: undefined };
    const body: unknown = JSON.parse(text);
    return {
      header,
      body: typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined,
    };
  } catch {
    return { header, body: undefined };
  }
}
