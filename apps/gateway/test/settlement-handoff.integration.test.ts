/**
 * The settlement hand-off on real Postgres, the simnet and loopback HTTP: the holder of a 402's
 * macaroon asks GET /.well-known/l402/settlement with `Authorization: L402 <macaroon>` and learns
 * `{ settled: false }` until the invoice is paid from elsewhere, then `{ settled: true, preimage }`
 * and finishes the call with it. Another API's, a forged or an expired macaroon → 401 JSON; no
 * preimage before settlement; a flood is throttled.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { decryptSecret } from "@tollbooth/db";
import { encodeIdentifier, inspectToken } from "@tollbooth/l402-core";
import fc from "fast-check";
import type { RunningGateway } from "../src/gateway";
import { forgeToken } from "./helpers/forge-token";
import { send, type TestResponse } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

const HANDOFF = "/.well-known/l402/settlement";

function assertErrorShape(res: TestResponse, status: number, code: string): void {
  assert.equal(res.status, status, res.body);
  const body = res.json<{ error: unknown; message: unknown }>();
  assert.equal(body.error, code, res.body);
  assert.equal(typeof body.message, "string");
  assert.doesNotMatch(res.body, /preimage"\s*:\s*"[0-9a-f]{64}/);
}

describe("settlement hand-off", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;
  let api: CreatedApi;
  let other: CreatedApi;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ method: "GET", pathPattern: "/forecast", priceSats: 2, callsPerToken: 2 }],
    });
    other = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/*", priceSats: 1 }],
    });
    gateway = await stack.startGateway({
      settlementPolls: {
        perClient: { perSecond: 1_000, burst: 1_000 },
        perTenant: { perSecond: 1_000, burst: 1_000 },
      },
    });
    for (const a of [api, other]) await stack.waitForApi(gateway, a.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  const ask = (slug: string, authorization?: string, port = gateway.port) =>
    send(port, `/${slug}${HANDOFF}`, authorization ? { headers: { authorization } } : {});

  async function challenge(): Promise<{ invoice: string; macaroon: string; payment_hash: string }> {
    const res = await send(gateway.port, `/${api.slug}/forecast`);
    assert.equal(res.status, 402, res.body);
    return res.json();
  }

  it("unsettled → { settled: false } with no preimage; paid from elsewhere → the preimage, which finishes the call", async () => {
    const c = await challenge();
    const before = await ask(api.slug, `L402 ${c.macaroon}`);
    assert.equal(before.status, 200, before.body);
    assert.deepEqual(before.json(), { settled: false, state: "pending" });
    assert.equal(before.headers["cache-control"], "no-store");

    // Paid by another wallet: the page never sees this preimage.
    const paid = await stack.payer.pay({ bolt11: c.invoice, maxFeeSats: 10 });
    const after = await ask(api.slug, `L402 ${c.macaroon}`);
    assert.equal(after.status, 200, after.body);
    const body = after.json<{ settled: boolean; preimage: string }>();
    assert.equal(body.settled, true);
    assert.equal(body.preimage, paid.preimage.toLowerCase());
    assert.equal(
      createHash("sha256").update(Buffer.from(body.preimage, "hex")).digest("hex"),
      c.payment_hash,
    );

    // Asked again (answered from memory this time) — same answer; the LSAT scheme works too.
    const again = await ask(api.slug, `LSAT ${c.macaroon}`);
    assert.deepEqual(again.json(), body);

    const call = await send(gateway.port, `/${api.slug}/forecast`, {
      headers: { authorization: `L402 ${c.macaroon}:${body.preimage}` },
    });
    assert.equal(call.status, 200, call.body);
    assert.equal(call.json().url, "/forecast");
  });

  it("another API's macaroon, a tampered one, one signed under another key → 401 JSON, nothing revealed", async () => {
    const c = await challenge();
    await stack.payer.pay({ bolt11: c.invoice, maxFeeSats: 10 });
    // Settled, so a leak would show: every refusal below must still carry no preimage.
    assertErrorShape(await ask(other.slug, `L402 ${c.macaroon}`), 401, "unknown_token");

    const bytes = Buffer.from(c.macaroon, "base64");
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 1;
    assertErrorShape(await ask(api.slug, `L402 ${bytes.toString("base64")}`), 401, "invalid_token");

    const inspected = inspectToken(c.macaroon);
    assert.ok(inspected.ok);
    const identifier = encodeIdentifier({ paymentHash: inspected.paymentHash, tokenId: inspected.tokenId });
    const forged = forgeToken(randomBytes(32), identifier, inspected.caveats);
    assertErrorShape(await ask(api.slug, `L402 ${forged}`), 401, "invalid_token");
  });

  it("an expired macaroon (validly signed, narrowed to a past expiry) → 401 token_expired", async () => {
    const c = await challenge();
    await stack.payer.pay({ bolt11: c.invoice, maxFeeSats: 10 });
    const inspected = inspectToken(c.macaroon);
    assert.ok(inspected.ok);
    const { rows } = await stack.pg.query(
      "SELECT key_cipher, key_version FROM root_keys WHERE token_id = $1",
      [inspected.tokenId],
    );
    const rootKey = Buffer.from(
      decryptSecret({
        tenantId: stack.tenantId,
        field: "root_keys.key",
        cipher: rows[0].key_cipher,
        keyVersion: rows[0].key_version,
      }),
      "hex",
    );
    const identifier = encodeIdentifier({ paymentHash: inspected.paymentHash, tokenId: inspected.tokenId });
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = forgeToken(rootKey, identifier, [
      ...inspected.caveats,
      `${api.slug}_valid_until=${past}`,
    ]);
    assertErrorShape(await ask(api.slug, `L402 ${expired}`), 401, "token_expired");
    // The same rebuild without the expiry is accepted: the refusal is for the expiry alone.
    const honest = forgeToken(rootKey, identifier, inspected.caveats);
    assert.equal((await ask(api.slug, `L402 ${honest}`)).json().settled, true);
  });

  it("no credential, a preimage attached, garbage, or POST → a JSON 4xx", async () => {
    const c = await challenge();
    assertErrorShape(await ask(api.slug), 401, "invalid_credential");
    assertErrorShape(await ask(api.slug, `L402 ${c.macaroon}:${"a".repeat(64)}`), 401, "invalid_credential");
    assertErrorShape(await ask(api.slug, "Bearer abc"), 401, "invalid_credential");
    assertErrorShape(await ask(api.slug, `L402 ${"A".repeat(40)}`), 401, "invalid_token");
    assertErrorShape(await ask(api.slug, `L402 ${"x".repeat(5000)}`), 401, "invalid_credential");
    const post = await send(gateway.port, `/${api.slug}${HANDOFF}`, {
      method: "POST",
      headers: { authorization: `L402 ${c.macaroon}` },
    });
    assertErrorShape(post, 405, "method_not_allowed");
  });

  it("random and mutated Authorization values → 200/401, never a 5xx or a preimage (property)", async () => {
    const c = await challenge();
    const printable = (t: string) => t.replace(/[^\t\x20-\x7e]/g, "");
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }).map((t) => `L402 ${printable(t)}`),
          fc
            .nat({ max: c.macaroon.length - 1 })
            .map(
              (i) =>
                `L402 ${c.macaroon.slice(0, i)}${c.macaroon[i] === "A" ? "B" : "A"}${c.macaroon.slice(i + 1)}`,
            ),
          fc.string({ maxLength: 60 }).map((t) => `LSAT ${c.macaroon}${printable(t)}`),
        ),
        async (authorization) => {
          const res = await ask(api.slug, authorization);
          assert.ok(res.status === 200 || res.status === 401, `${res.status} ${res.body}`);
          if (res.status === 200) assert.deepEqual(res.json(), { settled: false, state: "pending" });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an invoice that expired unpaid → { settled: false, state: "expired" }, and paying it is refused', async () => {
    const brief = await stack.startGateway({
      challenges: {
        perClient: { perSecond: 1_000, burst: 1_000 },
        perTenant: { perSecond: 1_000, burst: 1_000 },
        invoiceExpirySeconds: 1,
      },
    });
    await stack.waitForApi(brief, api.slug);
    const res = await send(brief.port, `/${api.slug}/forecast`);
    assert.equal(res.status, 402, res.body);
    const c = res.json<{ invoice: string; macaroon: string }>();
    await new Promise((r) => setTimeout(r, 1_500));
    const answer = await ask(api.slug, `L402 ${c.macaroon}`, brief.port);
    assert.deepEqual(answer.json(), { settled: false, state: "expired" });
    await assert.rejects(stack.payer.pay({ bolt11: c.invoice, maxFeeSats: 10 }));
  });

  it("a flood of polls from one client is throttled with 429 + Retry-After", async () => {
    const strict = await stack.startGateway({
      settlementPolls: {
        // Refills one poll per 100 s: however slowly the machine sends the 12, only the burst passes.
        perClient: { perSecond: 0.01, burst: 3 },
        perTenant: { perSecond: 1_000, burst: 1_000 },
      },
    });
    await stack.waitForApi(strict, api.slug);
    const c = await challenge();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => ask(api.slug, `L402 ${c.macaroon}`, strict.port)),
    );
    const ok = answers.filter((r) => r.status === 200);
    const throttled = answers.filter((r) => r.status === 429);
    assert.equal(ok.length, 3, `${ok.length} answered`);
    assert.equal(ok.length + throttled.length, 12);
    for (const r of throttled) {
      assertErrorShape(r, 429, "too_many_requests");
      assert.ok(Number(r.headers["retry-after"]) >= 1);
    }
  });
});
