/**
 * A token keeps what it was sold for (real Postgres, the simnet, the gateway over loopback): the
 * API, the method and path pattern, the calls or the pass time. Re-saving the same prices (new rule
 * ids), reordering, editing other rules, repricing its own rule or renaming the slug never takes
 * paid calls away; a request the current rules price under a different scope still pays again.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { attenuate } from "@tollbooth/l402-core";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack, type RuleSpec } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

function expectStatus(res: { status: number; body: string }, status: number, what = ""): void {
  assert.equal(res.status, status, `${what} ${res.body}`);
}

const RULES: RuleSpec[] = [
  { pathPattern: "/free/*", kind: "free", priceSats: 0 },
  { method: "GET", pathPattern: "/forecast", priceSats: 2, callsPerToken: 3 },
  { pathPattern: "/pass/*", kind: "time_pass", priceSats: 50, passSeconds: 3600 },
  { pathPattern: "/status/*", priceSats: 1, callsPerToken: 2 },
];

// The shared test machine can be slow: a node call gets time enough instead of a 503 (nothing
// here is about the node's timeout).
const SLOW_NODE = { node: { timeoutMs: 15_000, maxInFlight: 64, cooldownMs: 500 } };

describe("a token is bound to what it was sold for, not to a rule row", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    gateway = await stack.startGateway(SLOW_NODE);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  async function freshApi(rules: RuleSpec[] = RULES): Promise<CreatedApi> {
    const api = await stack.createApi({ upstreamBaseUrl: upstream.url, rules });
    // The helper inserts the API, then its rules one by one: wait for all of them, or a token
    // bought too early is sold under the default rule (correctly, and not what a test here wants).
    await untilConfig(gateway, api.slug, (loaded) => loaded.length === rules.length);
    return api;
  }

  /** What the dashboard's "save prices" does: every rule deleted and inserted again, with new ids. */
  async function resaveRules(api: CreatedApi, rules: RuleSpec[]): Promise<void> {
    const client = await stack.pg.connect();
    try {
      await client.query("BEGIN");
      await client.query("DELETE FROM pricing_rules WHERE api_id = $1", [api.id]);
      for (const [position, r] of rules.entries()) {
        await client.query(
          `INSERT INTO pricing_rules (id, api_id, position, method, path_pattern, kind, price_sats, calls_per_token, pass_seconds)
           VALUES ($1, $2, $3, $4, $5, $6::pricing_kind, $7, $8, $9)`,
          [
            randomUUID(),
            api.id,
            position,
            r.method ?? "*",
            r.pathPattern,
            r.kind ?? "per_call",
            r.priceSats ?? 1,
            r.callsPerToken ?? 1,
            r.passSeconds ?? null,
          ],
        );
      }
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    await untilConfig(gateway, api.slug, (rulesNow) =>
      rules.every(
        (r, i) => rulesNow[i]?.pathPattern === r.pathPattern && rulesNow[i]?.priceSats === r.priceSats,
      ),
    );
  }

  async function untilConfig(
    g: RunningGateway,
    slug: string,
    ready: (rules: Array<{ pathPattern: string; priceSats: number; id: string | null }>) => boolean,
  ): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await g.config.reload();
      const api = g.config.current().apis.get(slug);
      if (api && ready(api.rules)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`gateway never saw the new config of ${slug}`);
  }

  const get = (path: string, authorization?: string) =>
    send(gateway.port, path, authorization ? { headers: { authorization } } : {});

  it("the 402 body names the scope a payment buys", async () => {
    const api = await freshApi();
    const challenge = await get(`/${api.slug}/forecast`);
    expectStatus(challenge, 402);
    assert.deepEqual(challenge.json().scope, { method: "GET", path: "/forecast" });
    assert.equal(challenge.json().calls, 3);
    const pass = await get(`/${api.slug}/pass/x`);
    assert.deepEqual(pass.json().scope, { method: "*", path: "/pass/*" });
    const unpriced = await get(`/${api.slug}/nowhere`);
    assert.deepEqual(unpriced.json().scope, { method: "*", path: "/*" }, "the default rule is a scope too");
  });

  it("re-saving unchanged prices (every rule a new id) keeps every outstanding token's calls", async () => {
    const api = await freshApi();
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    expectStatus(await get(`/${api.slug}/forecast`, authorization), 200);
    await resaveRules(api, RULES);
    for (let i = 0; i < 2; i++) {
      const res = await get(`/${api.slug}/forecast`, authorization);
      assert.equal(res.status, 200, `call ${i + 2} of 3 after a re-save: ${res.status} ${res.body}`);
    }
    const exhausted = await get(`/${api.slug}/forecast`, authorization);
    assert.equal(exhausted.status, 402);
    assert.equal(exhausted.json().error, "token_exhausted", "three calls bought, three served");
  });

  it("a gateway that never saw the token (cold path) honours it after a re-save too", async () => {
    const api = await freshApi();
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    await resaveRules(api, RULES);
    const cold = await stack.startGateway(SLOW_NODE);
    await stack.waitForApi(cold, api.slug);
    const res = await send(cold.port, `/${api.slug}/forecast`, { headers: { authorization } });
    assert.equal(res.status, 200, res.body);
  });

  it("reordering, editing other rules and repricing its own rule keep the calls at the price paid", async () => {
    const api = await freshApi();
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    const edited: RuleSpec[] = [
      { pathPattern: "/status/*", priceSats: 9, callsPerToken: 1 },
      { pathPattern: "/new/*", priceSats: 4 },
      { method: "GET", pathPattern: "/forecast", priceSats: 5, callsPerToken: 10 },
      { pathPattern: "/free/*", kind: "free", priceSats: 0 },
    ];
    await resaveRules(api, edited);
    for (let i = 0; i < 3; i++) expectStatus(await get(`/${api.slug}/forecast`, authorization), 200);
    const exhausted = await get(`/${api.slug}/forecast`, authorization);
    assert.equal(exhausted.json().error, "token_exhausted", "it keeps the 3 calls it bought, not 10");
    assert.equal(exhausted.json().amount_sats, 50, "a new token is sold at today's price");
    await gateway.meter.drain();
    const { rows } = await stack.pg.query<{ sats: number }>(
      "SELECT sats FROM usage_events WHERE api_id = $1 AND status = 200 ORDER BY occurred_at",
      [api.id],
    );
    assert.deepEqual(
      rows.map((r) => r.sats),
      [2, 2, 2],
      "each call is worth the price it was bought at",
    );
  });

  it("a request that the current rules price under another scope pays again", async () => {
    const api = await freshApi();
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    // The same path, now priced by a broader pattern: not what the token was sold for.
    await resaveRules(api, [{ pathPattern: "/forecast/*", priceSats: 1, callsPerToken: 1 }]);
    const res = await get(`/${api.slug}/forecast`, authorization);
    assert.equal(res.status, 402);
    assert.equal(res.json().error, "payment_required");
    assert.ok(res.json().invoice, "a fresh challenge comes with the refusal");
    assert.deepEqual(res.json().scope, { method: "*", path: "/forecast/*" });
    // And a token for one scope never pays for another one of the same API.
    const status = await get(`/${api.slug}/status/200`, authorization);
    assert.equal(status.status, 402);
  });

  it("a time pass survives a re-save", async () => {
    const api = await freshApi();
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/pass/a`);
    expectStatus(await get(`/${api.slug}/pass/b`, authorization), 200);
    await resaveRules(api, [...RULES].reverse());
    for (let i = 0; i < 5; i++) expectStatus(await get(`/${api.slug}/pass/c`, authorization), 200);
  });

  it("after a slug rename, tokens (and attenuated ones) keep working at the new slug", async () => {
    const api = await freshApi();
    const { authorization, macaroon, preimage } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    const narrowed = `L402 ${attenuate(macaroon, { calls: 1 })}:${preimage}`;
    expectStatus(await get(`/${api.slug}/forecast`, authorization), 200);
    const renamed = `r${randomBytes(5).toString("hex")}`;
    await stack.pg.query("UPDATE apis SET slug = $2, updated_at = now() WHERE id = $1", [api.id, renamed]);
    await stack.waitForApi(gateway, renamed);
    const warm = await get(`/${renamed}/forecast`, authorization);
    assert.equal(warm.status, 200, `warm token at the new slug: ${warm.status} ${warm.body}`);
    const child = await get(`/${renamed}/forecast`, narrowed);
    assert.equal(child.status, 200, `attenuated token at the new slug: ${child.body}`);
    const cold = await stack.startGateway(SLOW_NODE);
    await stack.waitForApi(cold, renamed);
    const exhausted = await send(cold.port, `/${renamed}/forecast`, { headers: { authorization } });
    assert.equal(exhausted.status, 402, "3 calls bought, 3 served, wherever it was served");
    assert.equal(exhausted.json().error, "token_exhausted");
    assert.equal((await get(`/${api.slug}/forecast`, authorization)).status, 404, "the old slug is released");
  });
});
