/**
 * A tenant whose wallet is connected by NWC (NIP-47), all real: Postgres, the simnet's relay and
 * wallet service, gateways on loopback. 402 → pay → 200 × N → 402; settlements seen with
 * notifications on and off; a relay outage answers 503 + Retry-After and loses no settlement; two
 * gateways share the work; a broken stored string fails only its tenant; and an independent NWC
 * client (@getalby/sdk) pays a gateway invoice.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { nwc as alby } from "@getalby/sdk";
import { simnetAdmin } from "@tollbooth/simnet";
import WebSocket from "ws";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

process.env.TOLLBOOTH_ENV ??= "development"; // the simnet's relay is on loopback
// Node 20 has no global WebSocket; @getalby/sdk's relay pool looks for one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a tenant paid through Nostr Wallet Connect", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;
  let api: CreatedApi;
  let broken: CreatedApi;
  const nwcId = randomUUID();
  let builderString: string;

  const insertNwc = (id: string, relayUrl: string, connectionString: string) =>
    stack.insertWalletConnection({ id, kind: "nwc", socket: relayUrl, secret: connectionString });

  async function challengeState(paymentHash: string, within = 5_000): Promise<string> {
    const deadline = Date.now() + within;
    for (;;) {
      const { rows } = await stack.pg.query(
        "SELECT state::text AS state FROM challenges WHERE payment_hash = $1",
        [paymentHash],
      );
      const state = rows[0]?.state ?? "";
      if (state === "settled" || Date.now() > deadline) return state;
      await sleep(50);
    }
  }

  /** A 402 for the API; a 503 (the wallet slow to answer on a loaded machine) is asked again. */
  async function challengeFrom(g: RunningGateway) {
    for (let i = 0; ; i++) {
      const res = await send(g.port, `/${api.slug}/forecast`);
      if (res.status !== 503 || i >= 20) {
        assert.equal(res.status, 402, res.body);
        return res;
      }
      await sleep(250);
    }
  }

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    const admin = simnetAdmin(stack.simnet.adminUrl, stack.simnet.adminToken);
    const receive = await admin.nwc({ node: stack.nodeName, receiveOnly: true });
    builderString = (await admin.nwc()).connectionString;
    await insertNwc(nwcId, receive.relayUrl, receive.connectionString);
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      connectionId: nwcId,
      rules: [{ method: "GET", pathPattern: "/forecast", priceSats: 2, callsPerToken: 3 }],
    });
    const brokenId = randomUUID();
    await insertNwc(brokenId, receive.relayUrl, "nostr+walletconnect://not-a-key?relay=ws://127.0.0.1:1");
    broken = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      connectionId: brokenId,
      rules: [{ pathPattern: "/*" }],
    });
    // NWC answers cross a relay; a loaded test machine gets more than the paid stack's 2 s default.
    const node = { timeoutMs: 5_000, maxInFlight: 64, cooldownMs: 1_000 };
    gateway = await stack.startGateway({ node });
    for (const a of [api, broken]) await stack.waitForApi(gateway, a.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("402 → pay → 200 × 3 → 402, and the notification marks the challenge settled", async () => {
    const challenge = await challengeFrom(gateway);
    const { payment_hash: hash, amount_sats } = challenge.json<{
      payment_hash: string;
      amount_sats: number;
    }>();
    assert.equal(amount_sats, 6);
    const authorization = await stack.pay(challenge);
    assert.equal(await challengeState(hash), "settled", "the settlement subscription saw it");
    for (let i = 0; i < 3; i++) {
      const ok = await send(gateway.port, `/${api.slug}/forecast`, { headers: { authorization } });
      assert.equal(ok.status, 200, ok.body);
    }
    const exhausted = await send(gateway.port, `/${api.slug}/forecast`, { headers: { authorization } });
    assert.equal(exhausted.status, 402);
    const { rows } = await stack.pg.query(
      "SELECT settle_index::text AS i FROM lightning_connections WHERE id = $1",
      [nwcId],
    );
    assert.ok(BigInt(rows[0].i) > 0n, "the settle index (settled_at in ms) moved");
  });

  it("with the wallet's notifications off, polling sees the settlement without any call", async () => {
    stack.simnet.nostr.setNotifications(false);
    try {
      await sleep(300); // the info event changed; the backend reads it again when it next asks
      const challenge = await challengeFrom(gateway);
      const { payment_hash: hash } = challenge.json<{ payment_hash: string }>();
      await stack.pay(challenge);
      assert.equal(await challengeState(hash), "settled");
    } finally {
      stack.simnet.nostr.setNotifications(true);
    }
  });

  it("relay down → 503 + Retry-After; back → paid calls resume, and what was paid meanwhile is settled", async () => {
    const before = await challengeFrom(gateway);
    const { payment_hash: hash } = before.json<{ payment_hash: string }>();
    await stack.simnet.nostr.stopRelay();
    let down = await send(gateway.port, `/${api.slug}/forecast`);
    assert.equal(down.status, 503, down.body);
    assert.ok(Number(down.headers["retry-after"]) >= 1);
    const authorization = await stack.pay(before); // paid over gRPC while the relay is away
    await stack.simnet.nostr.startRelay();
    for (let i = 0; i < 100 && down.status !== 402; i++) {
      await sleep(100);
      down = await send(gateway.port, `/${api.slug}/forecast`);
    }
    assert.equal(down.status, 402, "challenges are issued again without a restart");
    assert.equal(await challengeState(hash, 10_000), "settled", "no settlement missed");
    const ok = await send(gateway.port, `/${api.slug}/forecast`, { headers: { authorization } });
    assert.equal(ok.status, 200, ok.body);
  });

  it("two gateways share the work: one issues, the other serves the paid token", async () => {
    const second = await stack.startGateway({
      node: { timeoutMs: 5_000, maxInFlight: 64, cooldownMs: 1_000 },
    });
    await stack.waitForApi(second, api.slug);
    const challenge = await challengeFrom(gateway);
    const { payment_hash: hash } = challenge.json<{ payment_hash: string }>();
    const authorization = await stack.pay(challenge);
    assert.equal(await challengeState(hash), "settled");
    const ok = await send(second.port, `/${api.slug}/forecast`, { headers: { authorization } });
    assert.equal(ok.status, 200, ok.body);
  });

  it("a gateway started later re-reads the margin: every settlement is offered again, none counted twice", async () => {
    const counted = async (g: RunningGateway) =>
      (await g.metrics.payments.get()).values.find((v) => v.labels.tenant === api.slug)?.value ?? 0;
    const settledBefore = await stack.pg.query(
      "SELECT count(*)::int AS n, max(settled_at) AS last FROM challenges WHERE api_id = $1 AND state = 'settled'",
      [api.id],
    );
    assert.ok(settledBefore.rows[0].n >= 4);
    const totalBefore = (await Promise.all(stack.gateways.map(counted))).reduce((a, b) => a + b, 0);
    // At most once: every gateway on this database follows every connection in it, so a gateway
    // of another test file running beside this one may have been the one to count some of them.
    assert.ok(totalBefore <= settledBefore.rows[0].n, "no settlement counted twice across instances");
    const late = await stack.startGateway({ node: { timeoutMs: 5_000, maxInFlight: 64, cooldownMs: 1_000 } });
    await stack.waitForApi(late, api.slug);
    await sleep(1_500); // its subscription reconciles from the stored index minus the margin
    assert.equal(await counted(late), 0, "re-delivered settlements are not counted again");
    const settledAfter = await stack.pg.query(
      "SELECT count(*)::int AS n, max(settled_at) AS last FROM challenges WHERE api_id = $1 AND state = 'settled'",
      [api.id],
    );
    assert.deepEqual(settledAfter.rows[0], settledBefore.rows[0]);
  });

  it("a stored string that does not parse fails only its own tenant's API, with 503", async () => {
    const res = await send(gateway.port, `/${broken.slug}/x`);
    assert.equal(res.status, 503, res.body);
    assert.equal(typeof res.json().error, "string");
    const fine = await send(gateway.port, `/${api.slug}/forecast`);
    assert.equal(fine.status, 402);
  });

  it("an independent NWC client (@getalby/sdk NWCClient) pays a gateway invoice with a simnet string", async () => {
    const challenge = await challengeFrom(gateway);
    const {
      invoice,
      macaroon,
      payment_hash: hash,
    } = challenge.json<{ invoice: string; macaroon: string; payment_hash: string }>();
    const client = new alby.NWCClient({ nostrWalletConnectUrl: builderString });
    try {
      const paid = await client.payInvoice({ invoice });
      assert.match(paid.preimage, /^[0-9a-f]{64}$/);
      assert.equal(await challengeState(hash), "settled");
      const ok = await send(gateway.port, `/${api.slug}/forecast`, {
        headers: { authorization: `L402 ${macaroon}:${paid.preimage}` },
      });
      assert.equal(ok.status, 200, ok.body);
    } finally {
      client.close();
    }
  });
});
