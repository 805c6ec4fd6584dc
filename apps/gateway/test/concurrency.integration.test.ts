/**
 * Exactness under concurrency: a one-call token hit by 100 requests at once yields exactly one
 * 200 — twenty times over, on one gateway and spread over two — and attenuated siblings never
 * spend more than their parent's budget.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { attenuate } from "@tollbooth/l402-core";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

async function burst(ports: number[], path: string, authorizations: string[], n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      send(ports[i % ports.length]!, path, {
        headers: { authorization: authorizations[i % authorizations.length]! },
      }).then((r) => r.status),
    ),
  );
}

describe("exact paid-call accounting under concurrency", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let a: RunningGateway;
  let b: RunningGateway;
  let api: CreatedApi;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [
        { pathPattern: "/one", priceSats: 1, callsPerToken: 1 },
        { pathPattern: "/ten", priceSats: 1, callsPerToken: 10 },
        { pathPattern: "/many", priceSats: 1, callsPerToken: 600 },
      ],
    });
    a = await stack.startGateway();
    b = await stack.startGateway();
    await stack.waitForApi(a, api.slug);
    await stack.waitForApi(b, api.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("100 concurrent requests on a one-call token → exactly one 200, 20 times (one gateway)", async () => {
    for (let round = 0; round < 20; round++) {
      const { authorization } = await stack.buyToken(a, `/${api.slug}/one`);
      const statuses = await burst([a.port], `/${api.slug}/one`, [authorization], 100);
      assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses.join(",")}`);
      assert.ok(
        statuses.every((s) => s === 200 || s === 402),
        `round ${round}: ${statuses.join(",")}`,
      );
    }
  });

  it("the same spread over two gateway instances, 20 times", async () => {
    for (let round = 0; round < 20; round++) {
      const { authorization } = await stack.buyToken(round % 2 ? a : b, `/${api.slug}/one`);
      const statuses = await burst([a.port, b.port], `/${api.slug}/one`, [authorization], 100);
      assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses.join(",")}`);
    }
  });

  it("a large token leased in chunks by two instances sells exactly its calls, never more", async () => {
    const { authorization } = await stack.buyToken(a, `/${api.slug}/many`);
    let ok = 0;
    for (let wave = 0; wave < 12 && ok < 600; wave++) {
      const statuses = await burst([a.port, b.port], `/${api.slug}/many`, [authorization], 150);
      ok += statuses.filter((s) => s === 200).length;
      assert.ok(ok <= 600, `wave ${wave}: ${ok} successes on a 600-call token`);
      // Leases left unused on one instance go back after a second of silence.
      if (ok < 600) await new Promise((r) => setTimeout(r, 1_600));
    }
    assert.equal(ok, 600);
    const last = await send(a.port, `/${api.slug}/many`, { headers: { authorization } });
    assert.equal(last.status, 402);
  });

  it("attenuated siblings together never exceed the parent's budget", async () => {
    for (let round = 0; round < 3; round++) {
      const { macaroon, preimage } = await stack.buyToken(a, `/${api.slug}/ten`);
      const children = [
        attenuate(macaroon, { calls: 6 }),
        attenuate(macaroon, { calls: 6 }),
        attenuate(macaroon, { calls: 3 }),
      ];
      const grandchild = attenuate(children[0]!, { calls: 2 });
      const authorizations = [...children, grandchild, macaroon].map((m) => `L402 ${m}:${preimage}`);
      const statuses = await burst([a.port, b.port], `/${api.slug}/ten`, authorizations, 120);
      const ok = statuses.filter((s) => s === 200).length;
      assert.equal(ok, 10, `round ${round}: ${ok} successes on a 10-call parent`);
      // Per-token limits held too.
      const { rows } = await stack.pg.query(
        "SELECT calls_used, calls_limit FROM token_consumption WHERE token_id = (SELECT token_id FROM challenges WHERE api_id = $1 ORDER BY created_at DESC LIMIT 1)",
        [api.id],
      );
      for (const row of rows) assert.ok(row.calls_used <= row.calls_limit, JSON.stringify(row));
    }
  });
});
