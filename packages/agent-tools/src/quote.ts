/**
 * Pricing a call without paying: the gateway's quote document for this hub's APIs, or — for any
 * other L402 server — the 402 challenge's invoice amount read from its BOLT11. No invoice is ever
 * paid here; a challenge answer's invoice simply expires unpaid.
 */
import { ChallengeBody, QuoteDocument } from "@tollbooth/contract";
import { parseChallenge, readInvoice } from "@tollbooth/l402-core";
import { boundedJson } from "./body";
import { ToolRefusal } from "./refusal";

export interface Quote {
  url: string;
  method: string;
  /** where the price comes from */
  source: "gateway_quote" | "l402_challenge" | "no_payment_required";
  /** what one payment asks, in sats (0 = free) */
  amount_sats: number;
  /** per-call price, when the server says */
  price_sats: number | null;
  /** calls one payment buys; null = a time pass or unknown */
  calls: number | null;
  pass_seconds: number | null;
  kind: string | null;
  /** the route pattern (or 402 scope) the payment is for */
  route: string | null;
  /** a sentence an agent can show: what one payment buys */
  buys: string;
  /** HTTP status of the probe (challenge quotes only) */
  status?: number;
}

const TIMEOUT_MS = 15_000;

/** `GET <apiBase>/.well-known/l402/quote?method=&path=` on a Tollbooth gateway. */
export async function quoteFromGateway(
  apiBase: string,
  target: { url: string; method: string; path: string },
  doFetch: typeof fetch = fetch,
): Promise<Quote> {
  const quoteUrl = new URL(`${apiBase.replace(/\/+$/, "")}/.well-known/l402/quote`);
  quoteUrl.searchParams.set("method", target.method);
  quoteUrl.searchParams.set("path", target.path);
  const res = await reach(quoteUrl, () =>
    doFetch(quoteUrl, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) }),
  );
  const body = await boundedJson(res);
  if (!res.ok) {
    const code = typeof body?.error === "string" ? body.error : `http_${res.status}`;
    const message = typeof body?.message === "string" ? body.message : `the gateway answered ${res.status}`;
    throw new ToolRefusal("quote_failed", `${message} (${code})`);
  }
  const quote = QuoteDocument.safeParse(body);
  if (!quote.success) throw new ToolRefusal("quote_failed", "the gateway's quote is not the documented JSON");
  const q = quote.data;
  return {
    url: target.url,
    method: target.method,
    source: "gateway_quote",
    amount_sats: q.amount_sats,
    price_sats: q.price_sats,
    calls: q.calls,
    pass_seconds: q.pass_seconds,
    kind: q.kind,
    route: `${q.method} ${q.route}`,
    buys: describeBuy(q.kind, q.amount_sats, q.calls, q.pass_seconds, `${q.method} ${q.route}`),
  };
}

/**
 * Any L402 URL: send the request without a credential and read the 402. The invoice's own
 * amount is the price (what a wallet would pay); the Tollbooth body, when present, adds what it buys.
 */
export async function quoteFromChallenge(
  target: { url: string; method: string },
  doFetch: typeof fetch = fetch,
): Promise<Quote> {
  const res = await reach(new URL(target.url), () =>
    doFetch(target.url, {
      method: target.method,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }),
  );
  if (res.status !== 402) {
    await res.body?.cancel();
    return {
      ...target,
      source: "no_payment_required",
      amount_sats: 0,
      price_sats: null,
      calls: null,
      pass_seconds: null,
      kind: null,
      route: null,
      buys: `no payment asked: the server answered ${res.status} without a credential`,
      status: res.status,
    };
  }
  const challenge = parseChallenge(res.headers.get("www-authenticate"));
  const body = ChallengeBody.safeParse(await boundedJson(res));
  if (!challenge.ok) throw new ToolRefusal("bad_challenge", "the 402 carries no L402 challenge we can read");
  const invoice = readInvoice(challenge.invoice);
  if (!invoice) throw new ToolRefusal("bad_invoice", "the challenge's invoice does not decode");
  if (invoice.amountMsat === undefined)
    throw new ToolRefusal("bad_invoice", "the challenge's invoice has no amount");
  const amount = Number((invoice.amountMsat + 999n) / 1000n);
  const extra = body.success ? body.data : undefined;
  const calls = extra ? extra.calls : null;
  const route = extra?.scope ? `${extra.scope.method} ${extra.scope.path}` : null;
  const kind = extra ? (extra.calls === null ? "time_pass" : "per_call") : null;
  return {
    ...target,
    source: "l402_challenge",
    amount_sats: amount,
    price_sats: calls ? Math.floor(amount / calls) : null,
    calls,
    pass_seconds: null,
    kind,
    route,
    buys: extra?.description ?? describeBuy(kind, amount, calls, null, route),
    status: 402,
  };
}

function describeBuy(
  kind: string | null,
  amount: number,
  calls: number | null,
  passSeconds: number | null,
  route: string | null,
): string {
  const where = route ? ` of ${route}` : "";
  if (kind === "free") return `free: no payment${where ? ` for ${route}` : ""}`;
  if (kind === "time_pass")
    return `${amount} sats buy a time pass${passSeconds ? ` of ${passSeconds} s` : ""}${where}`;
  if (calls) return `${amount} sats buy ${calls} call(s)${where}`;
  return `${amount} sats buy access${where}`;
}

/** A network failure as a sentence naming the server (and why), not a bare "fetch failed". */
async function reach(url: URL, send: () => Promise<Response>): Promise<Response> {
  try {
    return await send();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === "TimeoutError" ? "no answer in time" : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new ToolRefusal("unreachable", `${url.origin} cannot be reached (${why})`);
  }
}
