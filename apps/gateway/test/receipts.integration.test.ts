/**
 * Signed receipts on real Postgres, the simnet and loopback HTTP: the first paid answer of a
 * payment carries `Tollbooth-Receipt`, which verifies under the operator's public key and states
 * what the challenge sold; no later call (on this or another instance) carries one; exactly one
 * row per payment; the holder fetches it again at /.well-known/l402/receipt, nobody else does.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ReceiptSigner, verifyReceipt } from "@tollbooth/receipts";
import type { RunningGateway } from "../src/gateway";
import { buildClientHeaders } from "../src/proxy/forward-headers";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

const RECEIPT = "/.well-known/l402/receipt";

/**
 * A paid call as a client makes it: a 503 with Retry-After (the node or Postgres too slow on a
 * loaded machine) consumed nothing and issued nothing, so it is asked again.
 */
async function paidCall(port: number, path: string, authorization: string) {
  for (let attempt = 1; ; attempt++) {
    const res = await send(port, path, { headers: { authorization } });
    if (res.status !== 503 || !res.headers["retry-after"] || attempt >= 5) return res;
    await new Promise((r) => setTimeout(r, Number(res.headers["retry-after"]) * 1000));
  }
}

describe("signed receipts", () => {
  const { privateKey } = generateKeyPairSync("ed25519");
  const keys = [new ReceiptSigner(privateKey).publicKey];
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let a: RunningGateway;
  let b: RunningGateway;
  let keyless: RunningGateway;
  let api: CreatedApi;
  let other: CreatedApi;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [
        { method: "GET", pathPattern: "/forecast", priceSats: 3, callsPerToken: 4 },
        { pathPattern: "/pass/*", kind: "time_pass", priceSats: 20, passSeconds: 600 },
      ],
    });
    other = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/*", priceSats: 1 }],
    });
    const polls = {
      perClient: { perSecond: 1_000, burst: 1_000 },
      perTenant: { perSecond: 1_000, burst: 1_000 },
    };
    a = await stack.startGateway({ receiptKey: privateKey, settlementPolls: polls });
    b = await stack.startGateway({ receiptKey: privateKey, settlementPolls: polls });
    keyless = await stack.startGateway({ settlementPolls: polls });
    for (const g of [a, b, keyless]) for (const x of [api, other]) await stack.waitForApi(g, x.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  const rowsFor = async (paymentHash: string) =>
    (
      await stack.pg.query<{ body: Record<string, unknown>; kid: string; tenant_id: string }>(
        "SELECT body, kid, tenant_id FROM receipts WHERE payment_hash = $1",
        [paymentHash],
      )
    ).rows;

  it("the first paid answer carries a receipt that verifies and says what was sold; later calls carry none", async () => {
    const challenge = await send(a.port, `/${api.slug}/forecast`);
    const sold = challenge.json<{ payment_hash: string; amount_sats: number }>();
    const authorization = await stack.pay(challenge);
    const first = await paidCall(a.port, `/${api.slug}/forecast`, authorization);
    assert.equal(first.status, 200, first.body);
    const header = first.headers["tollbooth-receipt"];
    assert.equal(typeof header, "string");
    const verified = verifyReceipt(header as string, keys);
    assert.ok(verified.ok, verified.ok ? "" : verified.reason);
    const r = verified.receipt;
    assert.equal(r.api, api.slug);
    assert.deepEqual(r.scope, { method: "GET", path: "/forecast" });
    assert.equal(r.kind, "per_call");
    assert.equal(r.sats, sold.amount_sats);
    assert.equal(r.sats, 12);
    assert.equal(r.calls, 4);
    assert.equal(r.seconds, null);
    assert.equal(r.payment_hash, sold.payment_hash);
    const settled = await stack.pg.query<{ settled_at: Date }>(
      "SELECT settled_at FROM challenges WHERE payment_hash = $1",
      [sold.payment_hash],
    );
    assert.equal(r.settled_at, settled.rows[0]!.settled_at.toISOString());

    // Same token again, here and on the other instance: served, no second receipt.
    for (const g of [a, b, a]) {
      const again = await paidCall(g.port, `/${api.slug}/forecast`, authorization);
      assert.equal(again.status, 200, again.body);
      assert.equal(again.headers["tollbooth-receipt"], undefined);
    }
    const rows = await rowsFor(sold.payment_hash);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.tenant_id, api.tenantId);
    assert.equal(rows[0]!.kid, keys[0]!.kid);

    // The holder gets the same receipt again, from either instance.
    for (const g of [a, b]) {
      const again = await send(g.port, `/${api.slug}${RECEIPT}`, { headers: { authorization } });
      assert.equal(again.status, 200, again.body);
      assert.equal(again.json<{ receipt_header: string }>().receipt_header, header);
      assert.equal(again.headers["tollbooth-receipt"], header);
    }
  });

  it("two instances racing the first call of one payment send exactly one receipt", async () => {
    const challenge = await send(a.port, `/${api.slug}/forecast`);
    const { payment_hash } = challenge.json<{ payment_hash: string }>();
    const authorization = await stack.pay(challenge);
    const answers = await Promise.all(
      [a, b, a, b].map((g) => send(g.port, `/${api.slug}/forecast`, { headers: { authorization } })),
    );
    assert.deepEqual(
      answers.map((x) => x.status),
      [200, 200, 200, 200],
    );
    const carried = answers.filter((x) => x.headers["tollbooth-receipt"] !== undefined);
    assert.equal(carried.length, 1);
    assert.equal((await rowsFor(payment_hash)).length, 1);
  });

  it("only the token's holder gets a receipt: macaroon alone, a wrong preimage, another API → 401 JSON", async () => {
    const { authorization, macaroon } = await stack.buyToken(a, `/${api.slug}/forecast`);
    const cases: [string, Record<string, string>, number, string][] = [
      [`/${api.slug}${RECEIPT}`, {}, 401, "invalid_credential"],
      [`/${api.slug}${RECEIPT}`, { authorization: `L402 ${macaroon}` }, 401, "invalid_credential"],
      [
        `/${api.slug}${RECEIPT}`,
        { authorization: `L402 ${macaroon}:${randomBytes(32).toString("hex")}` },
        401,
        "invalid_credential",
      ],
      [`/${other.slug}${RECEIPT}`, { authorization }, 401, "unknown_token"],
    ];
    for (const [path, headers, status, error] of cases) {
      const res = await send(a.port, path, { headers });
      assert.equal(res.status, status, res.body);
      assert.equal(res.json().error, error);
      assert.equal(res.headers["tollbooth-receipt"], undefined);
    }
    const post = await send(a.port, `/${api.slug}${RECEIPT}`, { method: "POST", headers: { authorization } });
    assert.equal(post.status, 405);
    // Never called: fetching the receipt issues it, and the first call then carries none.
    const fetched = await send(a.port, `/${api.slug}${RECEIPT}`, { headers: { authorization } });
    assert.equal(fetched.status, 200, fetched.body);
    assert.ok(verifyReceipt(fetched.json<{ receipt_header: string }>().receipt_header, keys).ok);
    const call = await paidCall(a.port, `/${api.slug}/forecast`, authorization);
    assert.equal(call.status, 200);
    assert.equal(call.headers["tollbooth-receipt"], undefined);
  });

  it("a gateway without a receipt key serves paid calls and says it issues no receipts", async () => {
    const { authorization } = await stack.buyToken(keyless, `/${api.slug}/forecast`);
    const call = await paidCall(keyless.port, `/${api.slug}/forecast`, authorization);
    assert.equal(call.status, 200);
    assert.equal(call.headers["tollbooth-receipt"], undefined);
    const res = await send(keyless.port, `/${api.slug}${RECEIPT}`, { headers: { authorization } });
    assert.equal(res.status, 503);
    assert.equal(res.json().error, "receipts_unavailable");
  });

  it("a time pass's receipt names its seconds, even when its first call is served warm (last: stops b)", async () => {
    await b.stop();
    await keyless.stop();
    const challenge = await send(a.port, `/${api.slug}/pass/x`);
    const { payment_hash } = challenge.json<{ payment_hash: string }>();
    const authorization = await stack.pay(challenge);
    // Wait until a's settlement stream has marked it settled before the first call (the other
    // instances are stopped, so it is a's stream that marks it): a pass has no calls to lease, so
    // that call could be served warm, without I/O — and must still carry the payment's receipt.
    for (let i = 0; i < 200; i++) {
      const row = await stack.pg.query(
        "SELECT 1 FROM challenges WHERE payment_hash = $1 AND state = 'settled'",
        [payment_hash],
      );
      if (row.rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 200)); // the stream's in-memory mark follows its UPDATE
    const first = await paidCall(a.port, `/${api.slug}/pass/x`, authorization);
    assert.equal(first.status, 200, first.body);
    const verified = verifyReceipt(String(first.headers["tollbooth-receipt"]), keys);
    assert.ok(verified.ok);
    assert.equal(verified.receipt.kind, "time_pass");
    assert.equal(verified.receipt.seconds, 600);
    assert.equal(verified.receipt.calls, null);
    assert.equal(verified.receipt.sats, 20);
  });

  it("an upstream's own Tollbooth-Receipt header never reaches the client", () => {
    const out = buildClientHeaders({ "tollbooth-receipt": "forged", "content-type": "text/plain" });
    assert.equal(out["tollbooth-receipt"], undefined);
    assert.equal(out["content-type"], "text/plain");
  });
});
