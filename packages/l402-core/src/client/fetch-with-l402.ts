import { createHash } from "node:crypto";
import { parseChallenge } from "../challenge";
import { inspectToken } from "../token";
import { L402ClientError } from "./errors";
import { readInvoice } from "./invoice";
import { keyForService, type StoredToken, type TokenStore, tokenKeys } from "./token-store";

/** Pays a BOLT11 invoice; resolves with the 32-byte preimage as hex. */
export interface Wallet {
  payInvoice(bolt11: string): Promise<{ preimage: string }>;
}

export interface FetchWithL402Options {
  wallet: Wallet;
  /** the most this call may pay, in satoshis */
  maxSats: number;
  store?: TokenStore;
  /** defaults to the global fetch */
  fetch?: typeof fetch;
}

const MAX_CHALLENGE_BODY = 64 * 1024;
const PREIMAGE = /^[0-9a-fA-F]{64}$/;

/**
 * fetch() that pays L402 challenges: at most one payment per call, never above `maxSats`, never
 * for an invoice that differs from the advertised price or does not unlock the macaroon.
 * A cached token answered with 402 (used up) is dropped and paid for again, once; a 401 is
 * returned as is and nothing is paid.
 */
export async function fetchWithL402(
  url: string | URL,
  init: RequestInit | undefined,
  options: FetchWithL402Options,
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  const target = new URL(url);
  const request = await replayable(init ?? {});
  const send = (token?: StoredToken) => {
    const headers = new Headers(request.headers);
    if (token) headers.set("authorization", `${token.scheme} ${token.macaroon}:${token.preimage}`);
    return doFetch(target, { ...request, headers });
  };

  const cached = await findToken(options.store, target);
  let response = await send(cached?.token);
  if (cached) {
    if (response.status === 401) {
      await options.store?.delete(cached.key);
      return response;
    }
    if (response.status !== 402) return response;
    await options.store?.delete(cached.key);
  }
  if (response.status !== 402) return response;

  const paid = await payChallenge(response, options);
  response = await send(paid);
  if (response.status === 402) {
    await response.body?.cancel();
    throw new L402ClientError("payment_not_accepted", "The server still asks for payment after we paid.", {
      paid: true,
      status: 402,
    });
  }
  if (response.status !== 401 && options.store) {
    const inspected = inspectToken(paid.macaroon);
    const service = inspected.ok ? inspected.services[0]?.service : undefined;
    await options.store.set(keyForService(target, service), paid);
  }
  return response;
}

async function findToken(
  store: TokenStore | undefined,
  url: URL,
): Promise<{ key: string; token: StoredToken } | undefined> {
  if (!store) return undefined;
  for (const key of tokenKeys(url)) {
    const token = await store.get(key);
    if (token) return { key, token };
  }
  return undefined;
}

/** Parses the 402, checks price and invoice, pays, and returns the credential to retry with. */
async function payChallenge(response: Response, options: FetchWithL402Options): Promise<StoredToken> {
  const challenge = parseChallenge(response.headers.get("www-authenticate"));
  const advertised = await advertisedSats(response);
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
async function advertisedSats(response: Response): Promise<number | undefined> {
  try {
    const type = response.headers.get("content-type") ?? "";
    if (!type.includes("json")) {
      await response.body?.cancel();
      return undefined;
    }
    const text = await response.text();
    if (text.length > MAX_CHALLENGE_BODY) return undefined;
    const body: unknown = JSON.parse(text);
    const sats = (body as { amount_sats?: unknown } | null)?.amount_sats;
    return typeof sats === "number" && Number.isSafeInteger(sats) && sats >= 0 ? sats : undefined;
  } catch {
    return undefined;
  }
}

/** A request body that can be sent twice (the paid retry): streams are read into memory first. */
async function replayable(init: RequestInit): Promise<RequestInit> {
  const body = init.body;
  if (body instanceof ReadableStream) {
    const bytes = await new Response(body).arrayBuffer();
    return { ...init, body: bytes };
  }
  return init;
}
