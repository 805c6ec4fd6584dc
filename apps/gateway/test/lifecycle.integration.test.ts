/**
 * An API's lifecycle on the real gateway (Postgres, simnet, loopback HTTP): only a published,
 * active API is sold; a draft or paused one answers 503 and never mints an invoice or proxies.
 * The default price for unmatched paths comes from the API row (refuse → 404, never charged).
 * A renamed API's old slug answers 308 to the new one; a deleted (archived) API's answers 410.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

describe("API lifecycle on the gateway", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;

  const challengesOf = async (apiId: string) =>
    Number(
      (await stack.pg.query<{ n: string }>("SELECT count(*) AS n FROM challenges WHERE api_id = $1", [apiId]))
        .rows[0]?.n,
    );

  /** Applies an edit and waits until the gateway's config reflects it. */
  async function edit(sql: string, values: unknown[], settled: () => boolean): Promise<void> {
    await stack.pg.query(sql, values);
    for (let i = 0; i < 100 && !settled(); i++) {
      await gateway.config.reload();
      if (!settled()) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(settled(), `gateway never saw: ${sql}`);
  }

  const apiIn = (slug: string) => gateway.config.current().apis.get(slug);

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    gateway = await stack.startGateway();
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("a draft API with no rules answers 503 api_unavailable: no invoice, nothing proxied", async () => {
    const api = await stack.createApi({ upstreamBaseUrl: upstream.url, rules: [] });
    // Created published: wait until the gateway holds the API as a draft — not merely the API
    // (it would answer its 402), and not before it has the API at all (a 404 unknown_tenant).
    await edit(
      "UPDATE apis SET published = false WHERE id = $1",
      [api.id],
      () => (apiIn(api.slug) as { published?: boolean } | undefined)?.published === false,
    );
    const before = upstream.seen.length;
    for (const path of [`/${api.slug}/anything`, `/${api.slug}/`]) {
      const res = await send(gateway.port, path);
      assert.equal(res.status, 503, `${path}: ${res.body}`);
      assert.equal(res.json().error, "api_unavailable");
      assert.equal(typeof res.json().message, "string");
    }
    const quote = await send(gateway.port, `/${api.slug}/.well-known/l402/quote?path=/anything`);
    assert.equal(quote.status, 503, quote.body);
    assert.equal(quote.json().error, "api_unavailable");
    assert.equal(await challengesOf(api.id), 0, "a draft mints no invoice");
    assert.equal(upstream.seen.length, before, "a draft is never proxied");
  });

  it("unpublishing takes a live API off the gateway, republishing brings it back", async () => {
    const api = await publishedApi([{ pathPattern: "/*", priceSats: 2 }]);
    assert.equal((await send(gateway.port, `/${api.slug}/x`)).status, 402);
    await edit("UPDATE apis SET published = false WHERE id = $1", [api.id], () => {
      const a = apiIn(api.slug) as { published?: boolean } | undefined;
      return a === undefined || a.published === false;
    });
    const res = await send(gateway.port, `/${api.slug}/x`);
    assert.equal(res.status, 503, res.body);
    assert.equal(res.json().error, "api_unavailable");
    const challenges = await challengesOf(api.id);
    assert.equal((await send(gateway.port, `/${api.slug}/x`)).status, 503);
    assert.equal(await challengesOf(api.id), challenges, "no invoice while unpublished");
  });

  it("a paused API answers 503 api_unavailable with Retry-After, and never proxies a paid call", async () => {
    const api = await publishedApi([{ pathPattern: "/*", priceSats: 1, callsPerToken: 5 }]);
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/x`);
    await edit(
      "UPDATE apis SET status = 'paused' WHERE id = $1",
      [api.id],
      () => apiIn(api.slug)?.status === "paused",
    );
    const seen = upstream.seen.length;
    const paid = await send(gateway.port, `/${api.slug}/x`, { headers: { authorization } });
    assert.equal(paid.status, 503, paid.body);
    assert.equal(paid.json().error, "api_unavailable");
    assert.ok(Number(paid.headers["retry-after"]) > 0, "Retry-After for a paused API");
    const unpaid = await send(gateway.port, `/${api.slug}/x`);
    assert.equal(unpaid.status, 503);
    const quote = await send(gateway.port, `/${api.slug}/.well-known/l402/quote?path=/x`);
    assert.equal(quote.status, 503, quote.body);
    assert.equal(upstream.seen.length, seen, "nothing proxied while paused");
    // Resumed: the token bought before the pause still has all its calls.
    await edit(
      "UPDATE apis SET status = 'active' WHERE id = $1",
      [api.id],
      () => apiIn(api.slug)?.status === "active",
    );
    const resumed = await send(gateway.port, `/${api.slug}/x`, { headers: { authorization } });
    assert.equal(resumed.status, 200, resumed.body);
  });

  it("unmatched paths follow the API's default: refuse → 404 route_not_found, never charged or proxied", async () => {
    const api = await publishedApi([{ method: "GET", pathPattern: "/priced", priceSats: 7 }]);
    await edit("UPDATE apis SET default_kind = 'refuse' WHERE id = $1", [api.id], () =>
      Boolean(apiIn(api.slug) && (apiIn(api.slug) as { defaultRoute?: unknown }).defaultRoute === null),
    );
    const seen = upstream.seen.length;
    for (const [method, path] of [
      ["GET", "/other"],
      ["POST", "/priced"],
      ["GET", "/"],
    ] as const) {
      const res = await send(gateway.port, `/${api.slug}${path}`, { method });
      assert.equal(res.status, 404, `${method} ${path}: ${res.body}`);
      assert.equal(res.json().error, "route_not_found");
    }
    assert.equal(upstream.seen.length, seen, "a refused path is never proxied");
    assert.equal(await challengesOf(api.id), 0, "a refused path is never charged");
    const quote = await send(gateway.port, `/${api.slug}/.well-known/l402/quote?path=/other`);
    assert.equal(quote.status, 404, quote.body);
    assert.equal(quote.json().error, "route_not_found");
    const discovery = await send(gateway.port, `/${api.slug}/.well-known/l402.json`);
    assert.equal(discovery.json().default_route, null);
    // The priced route still sells at its price.
    const priced = await send(gateway.port, `/${api.slug}/priced`);
    assert.equal(priced.status, 402);
    assert.equal(priced.json().amount_sats, 7);
  });

  it("unmatched paths at the API's own default price, shown in discovery and quotes", async () => {
    const api = await publishedApi([{ method: "GET", pathPattern: "/priced", priceSats: 7 }]);
    await edit(
      "UPDATE apis SET default_kind = 'per_call', default_price_sats = 3, default_calls_per_token = 2 WHERE id = $1",
      [api.id],
      () =>
        (apiIn(api.slug) as { defaultRoute?: { priceSats: number } | null })?.defaultRoute?.priceSats === 3,
    );
    const res = await send(gateway.port, `/${api.slug}/other`);
    assert.equal(res.status, 402, res.body);
    assert.equal(res.json().amount_sats, 6);
    const quote = await send(gateway.port, `/${api.slug}/.well-known/l402/quote?path=/other`);
    assert.equal(quote.json().amount_sats, 6);
    assert.equal(quote.json().default_rule, true);
    await edit("UPDATE apis SET default_kind = 'free' WHERE id = $1", [api.id], () => {
      const d = (apiIn(api.slug) as { defaultRoute?: { kind: string } | null })?.defaultRoute;
      return d?.kind === "free";
    });
    const free = await send(gateway.port, `/${api.slug}/other?q=1`);
    assert.equal(free.status, 200, free.body);
  });

  it("a renamed API's old slug answers 308 to the same path and query on the new slug (both URL styles)", async () => {
    const api = await publishedApi([{ pathPattern: "/*", priceSats: 1 }]);
    const oldSlug = api.slug;
    const newSlug = `n${randomBytes(5).toString("hex")}`;
    await edit(
      `WITH moved AS (UPDATE apis SET slug = $2 WHERE id = $1 RETURNING id, tenant_id)
       INSERT INTO slug_reservations (slug, tenant_id, api_id, reason, expires_at)
       SELECT $3, tenant_id, id, 'renamed', now() + interval '30 days' FROM moved`,
      [api.id, newSlug, oldSlug],
      () => apiIn(newSlug) !== undefined && apiIn(oldSlug) === undefined,
    );
    const path = await send(gateway.port, `/${oldSlug}/v1/forecast?city=tokyo&x=%2F`);
    assert.equal(path.status, 308, path.body);
    assert.equal(path.headers.location, `/${newSlug}/v1/forecast?city=tokyo&x=%2F`);
    assert.equal(path.json().error, "api_moved");
    const host = await send(gateway.port, "/v1/forecast?city=tokyo", {
      headers: { host: `${oldSlug}.gw.localhost:8402` },
    });
    assert.equal(host.status, 308, host.body);
    assert.equal(host.headers.location, `http://${newSlug}.gw.localhost:8402/v1/forecast?city=tokyo`);
    const post = await send(gateway.port, `/${oldSlug}/`, { method: "POST", body: "{}" });
    assert.equal(post.status, 308);
    assert.equal(post.headers.location, `/${newSlug}/`);
    // A path that could be read two ways is refused, never echoed into Location.
    for (const bad of [`/${oldSlug}/a/%2e%2e/b`, `/${oldSlug}/a%2fb`]) {
      const refused = await send(gateway.port, bad);
      assert.equal(refused.status, 400, `${bad}: ${refused.body}`);
      assert.equal(refused.json().error, "invalid_path");
      assert.equal(refused.headers.location, undefined);
    }
    assert.equal(await challengesOf(api.id), 0, "a redirect mints no invoice");
    // The new slug sells.
    assert.equal((await send(gateway.port, `/${newSlug}/v1/forecast`)).status, 402);
  });

  it("after the grace period the old slug is unknown again", async () => {
    const api = await publishedApi([{ pathPattern: "/*", priceSats: 1 }]);
    const oldSlug = `o${randomBytes(5).toString("hex")}`;
    await stack.pg.query(
      `INSERT INTO slug_reservations (slug, tenant_id, api_id, reason, expires_at)
       VALUES ($1, $2, $3, 'renamed', now() + interval '2 seconds')`,
      [oldSlug, api.tenantId, api.id],
    );
    for (let i = 0; i < 20 && (await send(gateway.port, `/${oldSlug}/`)).status !== 308; i++) {
      await gateway.config.reload();
    }
    assert.equal((await send(gateway.port, `/${oldSlug}/`)).status, 308);
    await new Promise((r) => setTimeout(r, 2_200));
    const gone = await send(gateway.port, `/${oldSlug}/`);
    assert.equal(gone.status, 404, gone.body);
    assert.equal(gone.json().error, "unknown_tenant");
  });

  it("a deleted (archived) API's slug answers 410 api_gone during the grace period; its payments stay", async () => {
    const api = await publishedApi([{ pathPattern: "/*", priceSats: 1 }]);
    await stack.buyToken(gateway, `/${api.slug}/x`);
    const slug = api.slug;
    await edit(
      `WITH gone AS (UPDATE apis SET slug = '~' || id::text, archived_at = now(), published = false
                     WHERE id = $1 RETURNING id, tenant_id)
       INSERT INTO slug_reservations (slug, tenant_id, api_id, reason, expires_at)
       SELECT $2, tenant_id, id, 'deleted', now() + interval '30 days' FROM gone`,
      [api.id, slug],
      () => apiIn(slug) === undefined,
    );
    const seen = upstream.seen.length;
    for (const init of [{}, { headers: { host: `${slug}.gw.localhost` } }]) {
      const res = await send(gateway.port, "headers" in init ? "/x" : `/${slug}/x`, init);
      assert.equal(res.status, 410, res.body);
      assert.equal(res.json().error, "api_gone");
    }
    assert.equal(upstream.seen.length, seen);
    assert.equal(await challengesOf(api.id), 1, "the archived API's challenge is kept");
  });

  async function publishedApi(rules: Parameters<PaidStack["createApi"]>[0]["rules"]): Promise<CreatedApi> {
    const api = await stack.createApi({ upstreamBaseUrl: upstream.url, rules });
    await stack.pg.query("UPDATE apis SET published = true WHERE id = $1", [api.id]);
    await edit(
      "SELECT 1",
      [],
      () =>
        (apiIn(api.slug) as { published?: boolean } | undefined)?.published !== false &&
        apiIn(api.slug) !== undefined,
    );
    return api;
  }
});
