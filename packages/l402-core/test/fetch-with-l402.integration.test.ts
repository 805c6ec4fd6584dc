import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fetchWithL402, L402ClientError, MemoryTokenStore, readInvoice } from "../src/index";
import { type PaidServer, type PaidServerOptions, startPaidServer, testWallet } from "./support/paid-server";

const servers: PaidServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function setup(options: PaidServerOptions = {}) {
  const server = await startPaidServer(options);
  servers.push(server);
  const wallet = testWallet(server.ledger, (invoice) => readInvoice(invoice)?.paymentHash ?? "");
  return { server, wallet, store: new MemoryTokenStore() };
}

/** A fetch whose network fails once, on the first request that carries a credential (the paid retry). */
function dropFirstPaidRequest() {
  const state = {
    dropped: 0,
    fetch: ((input, init) => {
      if (state.dropped === 0 && new Headers(init?.headers).has("authorization")) {
        state.dropped += 1;
        return Promise.reject(new TypeError("fetch failed"));
      }
      return fetch(input, init);
    }) as typeof fetch,
  };
  return state;
}

const isClientError = (code: string) => (e: unknown) => e instanceof L402ClientError && e.code === code;

test("pays a 402, retries with the credential, and reuses the cached token", async () => {
  const { server, wallet, store } = await setup({ calls: 3 });
  const first = await fetchWithL402(`${server.url}/weather/forecast`, undefined, {
    wallet,
    maxSats: 100,
    store,
  });
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { ok: true, path: "/weather/forecast", body: "" });
  assert.equal(wallet.payments, 1);
  assert.match(server.requests[1]?.authorization ?? "", /^L402 [A-Za-z0-9+/=]+:[0-9a-f]{64}$/);
  const second = await fetchWithL402(`${server.url}/weather/forecast?day=2`, undefined, {
    wallet,
    maxSats: 100,
    store,
  });
  assert.equal(second.status, 200);
  await second.body?.cancel();
  assert.equal(wallet.payments, 1, "the cached token for this method and path was reused");
  assert.equal(store.size, 1);
});

test("an exhausted token (402) is paid for again, once", async () => {
  const { server, wallet, store } = await setup({ calls: 1 });
  const url = `${server.url}/weather/x`;
  assert.equal((await fetchWithL402(url, undefined, { wallet, maxSats: 100, store })).status, 200);
  const again = await fetchWithL402(url, undefined, { wallet, maxSats: 100, store });
  assert.equal(again.status, 200);
  assert.equal(wallet.payments, 2);
  // 402, paid 200 | cached → 402 (used up), paid again → 200
  assert.deepEqual(
    server.requests.map((r) => r.authorization !== undefined),
    [false, true, true, true],
  );
  assert.notEqual(server.requests[2]?.authorization, server.requests[3]?.authorization);
});

test("a 401 for a cached token is returned and nothing is paid", async () => {
  const { server, wallet, store } = await setup();
  const url = `${server.url}/weather/x`;
  assert.equal((await fetchWithL402(url, undefined, { wallet, maxSats: 100, store })).status, 200);
  server.rekey();
  const res = await fetchWithL402(url, undefined, { wallet, maxSats: 100, store });
  assert.equal(res.status, 401);
  assert.equal(((await res.json()) as { error: string }).error, "bad_signature");
  assert.equal(wallet.payments, 1);
  assert.equal(store.size, 0, "the rejected token is forgotten");
});

test("the connection failing on the paid retry keeps the token: the next call uses it, nothing paid twice", async () => {
  const { server, wallet, store } = await setup({ calls: 3 });
  const url = `${server.url}/weather/x`;
  const flaky = dropFirstPaidRequest();
  // A POST is never sent twice by the client, so this call fails — but what was paid stays filed.
  const post = { method: "POST", body: "x" };
  await assert.rejects(
    fetchWithL402(url, post, { wallet, maxSats: 100, store, fetch: flaky.fetch }),
    /fetch failed/,
  );
  assert.equal(wallet.payments, 1);
  assert.equal(store.size, 1, "what was paid for is kept");
  const again = await fetchWithL402(url, post, { wallet, maxSats: 100, store });
  assert.equal(again.status, 200);
  await again.body?.cancel();
  assert.equal(wallet.payments, 1, "the kept token paid for this call");
});

test("a GET whose paid retry loses its connection is tried once more on a new one, paid once", async () => {
  const { server, wallet, store } = await setup({ calls: 3 });
  const flaky = dropFirstPaidRequest();
  const url = `${server.url}/weather/x`;
  const res = await fetchWithL402(url, undefined, { wallet, maxSats: 100, store, fetch: flaky.fetch });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.equal(flaky.dropped, 1);
  assert.equal(wallet.payments, 1);
});

test("refuses a price above the cap before paying anything", async () => {
  const { server, wallet } = await setup({ priceSats: 500 });
  await assert.rejects(
    fetchWithL402(`${server.url}/weather/x`, undefined, { wallet, maxSats: 499 }),
    isClientError("price_above_cap"),
  );
  assert.equal(wallet.payments, 0);
});

test("a nonsensical cap pays nothing", async () => {
  const { server, wallet } = await setup({ priceSats: 1 });
  for (const maxSats of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
    await assert.rejects(
      fetchWithL402(`${server.url}/weather/x`, undefined, { wallet, maxSats }),
      isClientError("price_above_cap"),
    );
  }
  assert.equal(wallet.payments, 0);
});

test("refuses an invoice whose amount differs from the advertised price", async () => {
  const { server, wallet } = await setup({ priceSats: 30, advertisedSats: 21 });
  await assert.rejects(
    fetchWithL402(`${server.url}/weather/x`, undefined, { wallet, maxSats: 100 }),
    isClientError("invoice_amount_mismatch"),
  );
  assert.equal(wallet.payments, 0);
});

test("refuses an invoice that would not unlock the macaroon", async () => {
  const { server, wallet } = await setup({ wrongHash: true });
  await assert.rejects(
    fetchWithL402(`${server.url}/weather/x`, undefined, { wallet, maxSats: 100 }),
    isClientError("invoice_hash_mismatch"),
  );
  assert.equal(wallet.payments, 0);
});

test("a failing wallet is a payment_failed error", async () => {
  const { server, wallet } = await setup();
  wallet.fail = true;
  await assert.rejects(
    fetchWithL402(`${server.url}/weather/x`, undefined, { wallet, maxSats: 100 }),
    isClientError("payment_failed"),
  );
});

test("a server that still says 402 after payment: one payment, then payment_not_accepted", async () => {
  const { server, wallet, store } = await setup({ neverAccept: true });
  await assert.rejects(
    fetchWithL402(`${server.url}/weather/x`, undefined, { wallet, maxSats: 100, store }),
    (e) => {
      return e instanceof L402ClientError && e.code === "payment_not_accepted" && e.paid;
    },
  );
  assert.equal(wallet.payments, 1);
  assert.equal(store.size, 0);
});

test("a streamed request body is sent again on the paid retry", async () => {
  const { server, wallet } = await setup();
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"q":"rain"}'));
      controller.close();
    },
  });
  const res = await fetchWithL402(
    `${server.url}/weather/x`,
    { method: "POST", body, headers: { "content-type": "application/json" } },
    { wallet, maxSats: 100 },
  );
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { body: string }).body, '{"q":"rain"}');
  assert.deepEqual(
    server.requests.map((r) => r.body),
    ['{"q":"rain"}', '{"q":"rain"}'],
  );
});

test("free routes pass through untouched", async () => {
  const { wallet } = await setup();
  const res = await fetchWithL402("http://127.0.0.1:9/", undefined, {
    wallet,
    maxSats: 1,
    fetch: async () => new Response("free", { status: 200 }),
  });
  assert.equal(await res.text(), "free");
  assert.equal(wallet.payments, 0);
});

/** The global fetch, but the calls whose index is in `busy` answer 503 with this Retry-After. */
function busyAt(busy: Set<number>, retryAfter: string | null) {
  let index = 0;
  const seen: number[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const i = index++;
    if (busy.has(i)) {
      seen.push(503);
      return new Response('{"error":"node_unavailable"}', {
        status: 503,
        headers: retryAfter === null ? {} : { "retry-after": retryAfter },
      });
    }
    const res = await fetch(input, init);
    seen.push(res.status);
    return res;
  };
  return { fetch: wrapped, seen };
}

test("a 503 with a short Retry-After is asked again, before the 402 and after paying, and paid once", async () => {
  const { server, wallet, store } = await setup();
  const busy = busyAt(new Set([0, 2]), "0");
  const res = await fetchWithL402(`${server.url}/weather/x`, undefined, {
    wallet,
    maxSats: 100,
    store,
    fetch: busy.fetch,
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.deepEqual(busy.seen, [503, 402, 503, 200]);
  assert.equal(wallet.payments, 1);
});

test("a 503 without Retry-After, with a long one, or with retries off is returned as it came", async () => {
  for (const [retryAfter, retries] of [
    [null, undefined],
    ["30", undefined],
    ["Wed, 21 Oct 2026 07:28:00 GMT", undefined],
    ["0", 0],
  ] as const) {
    const { server, wallet } = await setup();
    const busy = busyAt(new Set([0]), retryAfter);
    const res = await fetchWithL402(`${server.url}/weather/x`, undefined, {
      wallet,
      maxSats: 100,
      fetch: busy.fetch,
      ...(retries === undefined ? {} : { retries }),
    });
    assert.equal(res.status, 503, `Retry-After ${retryAfter}, retries ${retries}`);
    await res.body?.cancel();
    assert.deepEqual(busy.seen, [503]);
    assert.equal(wallet.payments, 0);
  }
});
