import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import type { ChallengeBody, QuoteDocument } from "@tollbooth/contract";
import { createDb } from "@tollbooth/db";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { listCatalog } from "../src/server/catalog/list-catalog";
import { refreshQuotes } from "../src/server/quotes/refresh-quotes";
import { createCaller } from "../src/server/trpc/root";
import { callGateway } from "../src/server/tryit/gateway-call";
import { payWithBuilderWallet } from "../src/server/tryit/pay-with-builder";

/**
 * The hub's data path on real Postgres and real HTTP: published APIs appear in the catalog with
 * their routes; the quote refresher asks a gateway (here a loopback stand-in speaking the
 * gateway's quote and 402 formats) and stores price, latency and up/down; Try it reads the 402.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
const slugUp = `cat-up-${run}`;
const slugDown = `cat-down-${run}`;
const quoteRequests: string[] = [];
let gateway: Server;
let gatewayUrl: string;

before(async () => {
  gateway = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://gw");
    if (url.pathname === `/${slugUp}/.well-known/l402/quote`) {
      quoteRequests.push(`${url.searchParams.get("method")} ${url.searchParams.get("path")}`);
      res.writeHead(200, { "content-type": "application/json" });
      // A stand-in for the gateway: it answers the contract's documents, as the real one does.
      const quote = {
        service: slugUp,
        method: url.searchParams.get("method") ?? "GET",
        path: url.searchParams.get("path") ?? "/",
        route: "/items/:id",
        kind: "per_call",
        amount_sats: 21,
        price_sats: 21,
        calls: 1,
        pass_seconds: null,
        default_rule: false,
      } satisfies QuoteDocument;
      res.end(JSON.stringify(quote));
      return;
    }
    if (url.pathname === `/${slugUp}/current`) {
      res.writeHead(402, {
        "content-type": "application/json",
        "www-authenticate": 'L402 macaroon="AgEJdG9sbGJvb3Ro", invoice="lnbcrt210n1pfake"',
      });
      res.end(
        JSON.stringify({
          error: "payment_required",
          message: "Pay 21 sats to call GET /current.",
          amount_sats: 21,
          description: "Up: 1 call(s) GET /current",
          expires: new Date(Date.now() + 600_000).toISOString(),
          invoice: "lnbcrt210n1pfake",
          macaroon: "AgEJdG9sbGJvb3Ro",
          payment_hash: "ab".repeat(32),
          calls: 1,
        } satisfies ChallengeBody),
      );
      return;
    }
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "tenant_unavailable", message: "No node for this tenant." }));
  });
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  process.env.GATEWAY_INTERNAL_URL = gatewayUrl;

  const s = await signUp(db, {
    email: `catalog-${run}@it.test`,
    password: "a long enough password",
    tenantName: `Catalog ${run}`,
  });
  const user = (await getSessionUser(db, s.token))!;
  const caller = createCaller({
    db,
    user,
    sessionToken: undefined,
    resHeaders: new Headers(),
    secure: false,
  });
  const conn = await db.lightningConnection.create({
    data: {
      tenantId: user.tenants[0]!.id,
      kind: "simnet",
      socket: "127.0.0.1:1",
      macaroonCipher: Buffer.from([1]),
      macaroonKeyVersion: 1,
    },
  });
  for (const slug of [slugUp, slugDown]) {
    const api = await caller.apis.create({
      name: `Catalog ${slug}`,
      slug,
      category: "data",
      upstreamBaseUrl: "http://127.0.0.1:9",
    });
    await db.api.update({ where: { id: api.id }, data: { lightningConnectionId: conn.id } });
    await caller.apis.setPricingRules({
      apiId: api.id,
      rules: [
        { method: "GET", pathPattern: "/free", kind: "free", priceSats: 0 },
        { method: "GET", pathPattern: "/items/:id", kind: "per_call", priceSats: 21, callsPerToken: 3 },
      ],
    });
    await caller.apis.setPublished({ apiId: api.id, published: true });
  }
});

after(async () => {
  await new Promise((r) => gateway.close(r));
  await db.$disconnect();
});

test("published APIs are in the catalog with both URL styles and their routes", async () => {
  const entries = (await listCatalog(db, { sort: "name", q: run })).filter((e) => e.slug.endsWith(run));
  assert.deepEqual(entries.map((e) => e.slug).sort(), [slugDown, slugUp]);
  const up = entries.find((e) => e.slug === slugUp)!;
  const domain = process.env.GATEWAY_DOMAIN ?? "gw.localhost";
  const port = process.env.GATEWAY_PORT ?? "8402";
  const publicUrl = process.env.GATEWAY_PUBLIC_URL ?? "http://127.0.0.1:8402";
  assert.equal(up.gatewayUrls.subdomain, `http://${slugUp}.${domain}:${port}/`);
  assert.equal(up.gatewayUrls.path, `${publicUrl}/${slugUp}/`);
  assert.deepEqual(
    up.routes.map((r) => [r.method, r.path, r.kind, r.priceSats, r.callsPerToken]),
    [
      ["GET", "/free", "free", 0, 1],
      ["GET", "/items/:id", "per_call", 21, 3],
    ],
  );
  assert.equal(up.fromPriceSats, 21);
});

test("the quote refresher stores the gateway's live price, latency and up/down", async () => {
  const ids = (
    await db.api.findMany({ where: { slug: { in: [slugUp, slugDown] } }, select: { id: true } })
  ).map((a) => a.id);
  const result = await refreshQuotes(db, { apiIds: ids, gatewayUrl });
  assert.deepEqual(result, { checked: 2, up: 1 });
  assert.deepEqual(quoteRequests, ["GET /items/1"], "the quote is asked for the first paid route");
  const entries = await listCatalog(db, { sort: "price_asc", q: run });
  const up = entries.find((e) => e.slug === slugUp)!;
  const down = entries.find((e) => e.slug === slugDown)!;
  assert.equal(up.quote?.up, true);
  assert.equal(up.quote?.priceSats, 21);
  assert.equal(up.quote?.path, "/items/1");
  assert.equal(typeof up.quote?.latencyMs, "number");
  assert.ok(Date.now() - Date.parse(up.quote!.checkedAt) < 60_000);
  assert.equal(down.quote?.up, false);
  assert.equal(down.quote?.priceSats, null);
  assert.match(down.quote?.error ?? "", /No node for this tenant/);
});

test("Try it reads the 402 challenge from the gateway's answer", async () => {
  const res = await callGateway(slugUp, { method: "GET", path: "/current" });
  assert.equal(res.status, 402);
  assert.deepEqual(
    res.challenge && {
      invoice: res.challenge.invoice,
      macaroon: res.challenge.macaroon,
      amount: res.challenge.amountSats,
    },
    {
      invoice: "lnbcrt210n1pfake",
      macaroon: "AgEJdG9sbGJvb3Ro",
      amount: 21,
    },
  );
});

test("the builder wallet refuses an invoice the gateway did not issue", async () => {
  await assert.rejects(
    payWithBuilderWallet(db, slugUp, "lnbcrt210n1pnotours", "198.51.100.9"),
    /not issued by this API's gateway/,
  );
});
