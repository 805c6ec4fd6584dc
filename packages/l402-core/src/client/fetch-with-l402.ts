import { L402ClientError } from "./errors";
import { payChallenge, type ReadChallenge, readChallenge } from "./pay-challenge";
import { scopeCovers, scopeSpecificity } from "./scope";
import { caveatsAllow, scopeOfPurchase, tokenFacts } from "./token-facts";
import { bucketFor, type StoredToken, type TokenStore, tokenBuckets, tokenKey } from "./token-store";

/** Methods that may be sent again when a connection fails before any answer (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

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
  /**
   * How many times a `503` with a `Retry-After` of at most 10 s is asked again after that wait
   * (default 2; 0 = never). The gateway answers so when its node or database cannot answer now,
   * and such a 503 consumed nothing.
   */
  retries?: number;
}

/** Cached tokens tried for one request before paying: bounds the round trips of one call. */
const MAX_CANDIDATES = 4;
/** A token this far past its expiry is dropped without asking (allows for clock skew). */
const EXPIRED_GRACE_SECONDS = 300;
/** The longest `Retry-After` waited out by itself; a longer one is returned to the caller. */
const MAX_RETRY_AFTER_SECONDS = 10;
/** 402 answers that mean "this token is done": drop it. Any other 402 leaves it cached. */
const TOKEN_DONE = new Set(["token_exhausted", "token_expired"]);

interface Candidate {
  key: string;
  token: StoredToken;
}

/**
 * fetch() that pays L402 challenges: at most one payment per call, never above `maxSats`, never
 * for an invoice that differs from the advertised price or does not unlock the macaroon.
 * Tokens are cached per origin + service + the route scope they buy (the 402's `scope`, else the
 * token's caveats, else the exact method + path) and reused wherever that scope covers the
 * request. A cached token answered 402 `token_exhausted`/`token_expired` is dropped; any other
 * 402 (a token for another route) keeps it. Then the fresh challenge is paid, once. A 401 for
 * the only cached token is returned as is and nothing is paid.
 */
export async function fetchWithL402(
  url: string | URL,
  init: RequestInit | undefined,
  options: FetchWithL402Options,
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  const target = new URL(url);
  const request = await replayable(init ?? {});
  const method = (request.method ?? "GET").toUpperCase();
  const retries = Math.max(0, Math.floor(options.retries ?? 2));
  // A connection that fails before any answer (typically a pooled socket the server closed while
  // we were paying) is tried once more on a new one — for idempotent methods only (RFC 9110
  // §9.2.2): a POST that may have reached the server is never sent twice.
  const fetchOnce = async (headers: Headers, attempt: number): Promise<Response> => {
    try {
      return await doFetch(target, { ...request, headers });
    } catch (err) {
      if (attempt > 0 || !IDEMPOTENT.has(method) || !(err instanceof TypeError)) throw err;
      return doFetch(target, { ...request, headers });
    }
  };
  const send = async (token?: StoredToken) => {
    const headers = new Headers(request.headers);
    if (token) headers.set("authorization", `${token.scheme} ${token.macaroon}:${token.preimage}`);
    for (let attempt = 0; ; attempt++) {
      const response = await fetchOnce(headers, attempt);
      const wait = retryAfterSeconds(response);
      if (wait === null || attempt >= retries) return response;
      await response.body?.cancel();
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  };
  const store = options.store;

  let challenge: ReadChallenge | undefined;
  let refused: Response | undefined;
  for (const candidate of await coveringTokens(store, target, method)) {
    const response = await send(candidate.token);
    if (response.status === 401) {
      await store?.delete(candidate.key);
      await refused?.body?.cancel();
      refused = response;
      continue;
    }
    if (response.status !== 402) {
      await refused?.body?.cancel();
      if (store && response.status < 500)
        await store.set(candidate.key, { ...candidate.token, used: (candidate.token.used ?? 0) + 1 });
      return response;
    }
    const read = await readChallenge(response);
    if (TOKEN_DONE.has(String(read.body?.error))) await store?.delete(candidate.key);
    if (read.header) challenge = read;
  }
  if (refused && !challenge) return refused;
  await refused?.body?.cancel();

  if (!challenge) {
    const response = await send();
    if (response.status !== 402) return response;
    challenge = await readChallenge(response);
  }

  const paid = await payChallenge(challenge, options);
  // Filed before it is used: if the paid retry never gets an answer (the connection drops, the
  // process dies), what was paid for is still there for the next call instead of being bought again.
  const filed = await keepPaid(store, target, method, paid, challenge);
  let response = await send(paid);
  for (let wait = 0; response.status === 402 && wait < 3; wait++) {
    // The gateway may not have seen the settlement yet: it says so and when to ask again.
    const read = await readChallenge(response);
    if (read.body?.error !== "payment_pending") {
      if (filed) await store?.delete(filed.key); // refused outright, not pending: it buys nothing here
      throw new L402ClientError("payment_not_accepted", "The server still asks for payment after we paid.", {
        paid: true,
        status: 402,
      });
    }
    await new Promise((r) => setTimeout(r, 1_000));
    response = await send(paid);
  }
  if (response.status === 402) {
    await response.body?.cancel();
    throw new L402ClientError("payment_not_accepted", "The server still asks for payment after we paid.", {
      paid: true,
      status: 402,
    });
  }
  if (response.status === 401) {
    if (filed) await store?.delete(filed.key); // the server refuses the token it sold: nothing to keep
  } else if (filed && response.status < 500) {
    await store?.set(filed.key, { ...filed.token, used: 1 }); // its first call is used
  }
  return response;
}

/** A 503's `Retry-After` in seconds when short enough to wait out here (delta-seconds only), else null. */
function retryAfterSeconds(response: Response): number | null {
  if (response.status !== 503) return null;
  const value = response.headers.get("retry-after")?.trim() ?? "";
  if (!/^\d{1,5}$/.test(value)) return null;
  const seconds = Number(value);
  return seconds <= MAX_RETRY_AFTER_SECONDS ? seconds : null;
}

/** Files a bought token (none of its calls used yet) under its bucket and scope; returns it and its key. */
async function keepPaid(
  store: TokenStore | undefined,
  target: URL,
  method: string,
  paid: StoredToken,
  challenge: ReadChallenge,
): Promise<{ key: string; token: StoredToken } | undefined> {
  if (!store) return undefined;
  const facts = tokenFacts(paid.macaroon);
  const { bucket, path } = bucketFor(target, facts?.service);
  const { scope, source } = scopeOfPurchase(challenge.body?.scope, facts, method, path);
  const token: StoredToken = { ...paid, scope, scopeSource: source, used: 0 };
  if (facts?.validUntil !== undefined) token.validUntil = facts.validUntil;
  if (facts?.calls !== undefined) token.calls = facts.calls;
  const key = tokenKey(bucket, scope, facts?.tokenId ?? paid.preimage);
  await store.set(key, token);
  return { key, token };
}

/**
 * Cached tokens whose scope and caveats cover `method` on this URL, narrowest first, legacy
 * (scope unknown) last, the soonest to expire first among equals; expired ones are dropped.
 */
export async function coveringTokens(
  store: TokenStore | undefined,
  url: URL,
  method: string,
): Promise<Candidate[]> {
  if (!store) return [];
  const now = Math.floor(Date.now() / 1000);
  const found: Array<Candidate & { rank: number }> = [];
  for (const { bucket, path } of tokenBuckets(url)) {
    for (const entry of await store.list(bucket)) {
      const { token } = entry;
      if (token.validUntil !== undefined && token.validUntil + EXPIRED_GRACE_SECONDS < now) {
        await store.delete(entry.key);
        continue;
      }
      if (token.scope && !scopeCovers(token.scope, method, path)) continue;
      const facts = tokenFacts(token.macaroon);
      if (!facts || !caveatsAllow(facts, method, path)) continue;
      found.push({
        ...entry,
        rank: token.scope && token.scopeSource !== "legacy" ? scopeSpecificity(token.scope) : -1,
      });
    }
  }
  found.sort(
    (a, b) =>
      b.rank - a.rank ||
      (a.token.validUntil ?? Number.MAX_SAFE_INTEGER) - (b.token.validUntil ?? Number.MAX_SAFE_INTEGER),
  );
  return found.slice(0, MAX_CANDIDATES).map(({ key, token }) => ({ key, token }));
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
