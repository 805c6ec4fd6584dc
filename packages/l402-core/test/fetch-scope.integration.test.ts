import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fetchWithL402, L402ClientError, MemoryTokenStore, readInvoice } from "../src/index";
import { type PaidServer, type PaidServerOptions, startPaidServer, testWallet } from "./support/paid-server";

/**
 * The client keeps one token per route scope it bought (the 402's `scope`), reuses it wherever
 * that scope covers a request, and never pays for what a cached token still covers — against a
 * real HTTP L402 server on loopback that prices routes first-match like the gateway.
 */
const servers: PaidServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function setup(options: PaidServerOptions) {
  const server = await startPaidServer(options);
  servers.push(server);
  const wallet = testWallet(server.ledger, (invoice) => readInvoice(invoice)?.paymentHash ?? "");
  const store = new MemoryTokenStore();
  const get = async (path: string, init?: RequestInit, maxSats = 100) => {
    const res = await fetchWithL402(`${server.url}/weather${path}`, init, { wallet, maxSats, store });
    const text = await res.text();
    return { status: res.status, text };
  };
  return { server, wallet, store, get };
}

test("a bundle bought on one path is reused on every path its scope covers", async () => {
  const { wallet, get } = await setup({
    routes: [{ method: "GET", path: "/items/:id", calls: 10, priceSats: 5 }],
  });
  assert.equal((await get("/items/1")).status, 200);
  assert.equal(wallet.payments, 1);
  for (const path of ["/items/2", "/ITEMS/3", "/items/4/", "/items/5?x=1"]) {
    assert.equal((await get(path)).status, 200, path);
  }
  assert.equal(wallet.payments, 1, "one bundle, five calls");
});

test("buying another route keeps the half-used bundle", async () => {
  const { wallet, store, get } = await setup({
    routes: [
      { method: "GET", path: "/items/:id", calls: 10 },
      { method: "GET", path: "/other", calls: 1 },
    ],
  });
  await get("/items/1");
  await get("/other");
  assert.equal(wallet.payments, 2);
  assert.equal(store.size, 2, "a token per route");
  await get("/items/2");
  assert.equal(wallet.payments, 2, "the bundle still covers /items/2");
});

test("a time pass is reused until it expires, then bought again once", async () => {
  const { wallet, get } = await setup({ routes: [{ method: "*", path: "/live/*", passSeconds: 2 }] });
  await get("/live");
  await get("/live/a", { method: "POST", body: "{}" });
  await get("/live/b/c");
  assert.equal(wallet.payments, 1);
  await new Promise((r) => setTimeout(r, 3_100));
  assert.equal((await get("/live/a")).status, 200);
  assert.equal(wallet.payments, 2, "token_expired: dropped, one new pass");
  await get("/live/z");
  assert.equal(wallet.payments, 2);
});

test("a scope wider than the route (first match elsewhere) keeps its token and pays the right route", async () => {
  const { server, wallet, store, get } = await setup({
    routes: [
      { method: "GET", path: "/v1/special", calls: 1, priceSats: 9 },
      { method: "GET", path: "/v1/*", calls: 10, priceSats: 2 },
    ],
  });
  await get("/v1/a");
  assert.equal((await get("/v1/special")).status, 200);
  assert.equal(wallet.payments, 2);
  // The /v1/* token was offered for /v1/special, refused as another route's, and kept.
  assert.equal(store.size, 2);
  await get("/v1/b");
  assert.equal(wallet.payments, 2);
  assert.equal(
    server.requests.filter((r) => r.path === "/weather/v1/b").length,
    1,
    "sent once, with the token",
  );
});

test("the method is part of the scope", async () => {
  const { wallet, get } = await setup({
    routes: [
      { method: "GET", path: "/doc", calls: 5 },
      { method: "POST", path: "/doc", calls: 5 },
    ],
  });
  await get("/doc");
  await get("/doc", { method: "HEAD" });
  assert.equal(wallet.payments, 1, "HEAD is priced like GET");
  await get("/doc", { method: "POST", body: "x" });
  assert.equal(wallet.payments, 2);
  await get("/doc", { method: "POST", body: "y" });
  await get("/doc");
  assert.equal(wallet.payments, 2);
});

test("an exhausted token is dropped and paid for once; a new price above the cap pays nothing", async () => {
  const { wallet, store, get } = await setup({
    routes: [{ method: "GET", path: "/one", calls: 1, priceSats: 50 }],
  });
  await get("/one");
  await get("/one");
  assert.equal(wallet.payments, 2);
  assert.equal(store.size, 1, "the used-up token was replaced, not kept");
  await assert.rejects(
    fetchWithL402(`${servers.at(-1)?.url}/weather/one`, undefined, { wallet, maxSats: 10, store }),
    (e) => e instanceof L402ClientError && e.code === "price_above_cap",
  );
  assert.equal(wallet.payments, 2);
  assert.equal(store.size, 0, "the exhausted token is gone either way");
});

test("without a scope in the 402 the token is kept for its exact method and path", async () => {
  const { wallet, store, get } = await setup({
    routes: [{ method: "GET", path: "/:id", calls: 10 }],
    scope: false,
  });
  await get("/a");
  await get("/a?again=1");
  assert.equal(wallet.payments, 1);
  await get("/b"); // the client cannot know /b is the same route: it pays (documented fallback)
  assert.equal(wallet.payments, 2);
  const keys = [...(await store.list(`${servers.at(-1)?.url} weather`))].map((e) => e.key.split(" #")[0]);
  assert.deepEqual(keys.sort(), [
    `${servers.at(-1)?.url} weather GET /a`,
    `${servers.at(-1)?.url} weather GET /b`,
  ]);
});
