/**
 * A tenant paid into an LNbits wallet, end to end on real Postgres, the simnet's LNbits API and
 * loopback HTTP: 402 → pay → 200 → N calls → 402; settlement learnt from the websocket and, with
 * it off, by polling; LNbits down mid-run → 503 + Retry-After, then back with no restart and no
 * settlement missed; two gateways sharing the work, each payment counted once.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningGateway } from "../src/gateway";
import { send, type TestResponse } from "./helpers/http-client";
import {
  addLnbitsConnection,
  challengeState,
  type LnbitsTenant,
  paymentsCounted,
  startPollingGateway,
  waitSettled,
} from "./helpers/lnbits-tenant";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

// LNbits on the simnet listens on loopback: the gateway dials it only in development.
process.env.TOLLBOOTH_ENV = "development";

const challengeOf = (res: TestResponse) =>
  res.json<{ invoice: string; macaroon: string; payment_hash: string }>();

describe("an LNbits-connected tenant", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let tenant: LnbitsTenant;
  let api: CreatedApi;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    tenant = await addLnbitsConnection(stack);
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      connectionId: tenant.connectionId,
      rules: [{ pathPattern: "/*", priceSats: 2, callsPerToken: 3 }],
    });
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  async function calls(gateways: RunningGateway[], authorization: string, n: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const g = gateways[i % gateways.length]!;
      statuses.push((await send(g.port, `/${api.slug}/data`, { headers: { authorization } })).status);
    }
    return statuses;
  }

  it("402 → pay from LND gRPC → settled by the websocket → 3 calls → 402", async () => {
    const gateway = await stack.startGateway();
    await stack.waitForApi(gateway, api.slug);
    const challenge = await send(gateway.port, `/${api.slug}/data`);
    assert.equal(challenge.status, 402, challenge.body);
    const body = challengeOf(challenge);
    assert.match(body.invoice, /^lnbcrt60n/, "3 calls at 2 sats, on the simnet's regtest");
    assert.equal(await challengeState(stack, body.payment_hash), "pending");
    const authorization = await stack.pay(challenge); // the builder pays over LND gRPC
    await waitSettled(stack, body.payment_hash, "websocket");
    assert.ok((await paymentsCounted([gateway], api.slug)) <= 1, "counted at most once");
    assert.deepEqual(await calls([gateway], authorization, 4), [200, 200, 200, 402]);
    await gateway.stop();
  });

  it("with the websocket off, polling learns of the settlement; an LNbits payer pays", async () => {
    const gateway = await startPollingGateway(stack);
    await stack.waitForApi(gateway, api.slug);
    const challenge = await send(gateway.port, `/${api.slug}/data`);
    assert.equal(challenge.status, 402);
    const body = challengeOf(challenge);
    const paid = await tenant.payer.pay({ bolt11: body.invoice, maxFeeSats: 1 });
    await waitSettled(stack, body.payment_hash, "polling");
    assert.ok((await paymentsCounted([gateway], api.slug)) <= 1, "counted at most once");
    const authorization = `L402 ${body.macaroon}:${paid.preimage}`;
    assert.deepEqual(await calls([gateway], authorization, 4), [200, 200, 200, 402]);
    await gateway.stop();
  });

  for (const mode of ["websocket", "polling"] as const) {
    it(`LNbits down mid-run (${mode}) → 503 + Retry-After; back without a restart, nothing missed`, async () => {
      const gateway = mode === "websocket" ? await stack.startGateway() : await startPollingGateway(stack);
      await stack.waitForApi(gateway, api.slug);
      const before = await send(gateway.port, `/${api.slug}/data`);
      assert.equal(before.status, 402);
      const pending = challengeOf(before);

      await stack.simnet.lnbits.stop();
      // Paid while the instance is down: its websocket never says so; the list does, later.
      const authorization = await stack.pay(before);
      let down: TestResponse | undefined;
      for (let i = 0; i < 3; i++) {
        down = await send(gateway.port, `/${api.slug}/data`);
        assert.equal(down.status, 503, down.body);
        assert.match(String(down.headers["retry-after"]), /^\d+$/);
        assert.ok(down.json().error, "the JSON error shape");
      }
      await stack.simnet.lnbits.start();
      await waitSettled(stack, pending.payment_hash, `${mode} after the restart`);
      assert.deepEqual(await calls([gateway], authorization, 3), [200, 200, 200]);
      let fresh: TestResponse | undefined;
      for (let i = 0; i < 100; i++) {
        fresh = await send(gateway.port, `/${api.slug}/data`);
        if (fresh.status === 402) break;
        await new Promise((r) => setTimeout(r, 100)); // the breaker's cooldown
      }
      assert.equal(fresh?.status, 402, "challenges resume once LNbits is back");
      const again = await stack.pay(fresh!);
      await waitSettled(stack, challengeOf(fresh!).payment_hash, `${mode}, a payment after the outage`);
      assert.equal((await calls([gateway], again, 1))[0], 200);
      await gateway.stop();
    });
  }

  it("two gateways share the work and count each payment once", async () => {
    const a = await stack.startGateway();
    const b = await startPollingGateway(stack);
    for (const g of [a, b]) await stack.waitForApi(g, api.slug);
    const challenge = await send(a.port, `/${api.slug}/data`);
    const body = challengeOf(challenge);
    const authorization = await stack.pay(challenge);
    await waitSettled(stack, body.payment_hash, "two gateways");
    // Both follow the wallet; the second to hear of it finds it settled already and counts nothing.
    await new Promise((r) => setTimeout(r, 1_200));
    assert.ok((await paymentsCounted([a, b], api.slug)) <= 1, "counted at most once across both");
    assert.deepEqual(await calls([b, a], authorization, 4), [200, 200, 200, 402]);
    const settle = await stack.pg.query<{ settle_index: string }>(
      "SELECT settle_index::text FROM lightning_connections WHERE id = $1",
      [tenant.connectionId],
    );
    assert.ok(BigInt(settle.rows[0]!.settle_index) > 1_000_000_000_000n, "the settle index is a time in ms");
    await Promise.all([a.stop(), b.stop()]);

    // A fresh gateway re-reads the margin before that index: offered again, counted nowhere.
    const c = await stack.startGateway();
    await stack.waitForApi(c, api.slug);
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await paymentsCounted([c], api.slug), 0);
    await c.stop();
  });

  it("a wrong key: 503 with Retry-After, never a 500 or a hang", async () => {
    const bad = await addLnbitsConnection(stack, "f".repeat(32));
    const badApi = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      connectionId: bad.connectionId,
      rules: [{ pathPattern: "/*", priceSats: 1 }],
    });
    const gateway = await stack.startGateway();
    await stack.waitForApi(gateway, badApi.slug);
    const res = await send(gateway.port, `/${badApi.slug}/x`);
    assert.equal(res.status, 503, res.body);
    assert.ok(res.headers["retry-after"]);
    await gateway.stop();
  });
});
