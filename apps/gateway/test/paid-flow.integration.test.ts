// Over 300 lines: sixteen cases sharing one paid stack (Postgres, simnet, gateway, upstream).
/**
 * The full paid flow on real Postgres, the simnet and loopback HTTP: 402 → pay → 200 with the
 * upstream's body; N calls then 402; 401 for bad credentials; free routes, free tier, time passes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChallengeBody, DiscoveryDocument, QuoteDocument } from "@tollbooth/contract";
import { decryptSecret } from "@tollbooth/db";
import { attenuate, encodeIdentifier, fetchWithL402, inspectToken } from "@tollbooth/l402-core";
import fc from "fast-check";
import type { RunningGateway } from "../src/gateway";
import { forgeToken } from "./helpers/forge-token";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

describe("paid calls end to end", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;
  let api: CreatedApi;
  let other: CreatedApi;
  let freeTierApi: CreatedApi;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      secretHeader: "X-Api-Key",
      secret: "provider-secret",
      rules: [
        { pathPattern: "/free/*", kind: "free", priceSats: 0 },
        { method: "GET", pathPattern: "/forecast", priceSats: 2, callsPerToken: 3 },
        { pathPattern: "/pass/*", kind: "time_pass", priceSats: 50, passSeconds: 3600 },
        { pathPattern: "/status/*", priceSats: 1, callsPerToken: 1 },
        { pathPattern: "/slow", priceSats: 1, callsPerToken: 1 },
        { pathPattern: "/bulk/*", priceSats: 1, callsPerToken: 1000 },
      ],
    });
    other = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/*", priceSats: 1 }],
    });
    freeTierApi = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      freeTierCalls: 2,
      rules: [{ pathPattern: "/*", priceSats: 5 }],
    });
    gateway = await stack.startGateway();
    for (const a of [api, other, freeTierApi]) await stack.waitForApi(gateway, a.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("402 with both challenges and the JSON body, pay, then N calls, then 402 again", async () => {
    const challenge = await send(gateway.port, `/${api.slug}/forecast`);
    assert.equal(challenge.status, 402);
    assert.equal(challenge.headers["cache-control"], "no-store");
    const values = challenge.all("www-authenticate");
    assert.equal(values.length, 2);
    assert.match(values[0]!, /^LSAT macaroon="[^"]+", invoice="lnbcrt/);
    assert.match(values[1]!, /^L402 macaroon="[^"]+", invoice="lnbcrt/);
    const body = challenge.json();
    ChallengeBody.parse(body); // the contract's schema, which the web app parses it with
    assert.equal(body.error, "payment_required");
    assert.equal(body.amount_sats, 6);
    assert.equal(body.calls, 3);
    assert.match(String(body.payment_hash), /^[0-9a-f]{64}$/);

    const authorization = await stack.pay(challenge);
    for (let i = 0; i < 3; i++) {
      const ok = await send(gateway.port, `/${api.slug}/forecast`, { headers: { authorization } });
      assert.equal(ok.status, 200, ok.body);
      assert.equal(ok.json().url, "/forecast");
      const seen = ok.json<{ headers: Record<string, string> }>().headers;
      assert.equal(seen.authorization, undefined);
      assert.equal(seen["x-api-key"], "provider-secret");
    }
    const exhausted = await send(gateway.port, `/${api.slug}/forecast`, { headers: { authorization } });
    assert.equal(exhausted.status, 402);
    assert.equal(exhausted.json().error, "token_exhausted");
    assert.ok(exhausted.json().invoice, "a fresh challenge comes with the 402");
  });

  it("the LSAT scheme, any case, and an upper-case preimage are accepted", async () => {
    const { macaroon, preimage } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    const res = await send(gateway.port, `/${api.slug}/forecast`, {
      headers: { authorization: `lsat ${macaroon}:${preimage.toUpperCase()}` },
    });
    assert.equal(res.status, 200);
  });

  it("tampered, wrong-preimage, wrong-tenant and malformed credentials → 401 with a fresh challenge", async () => {
    const { macaroon, preimage } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    const bytes = Buffer.from(macaroon, "base64");
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 1;
    const cases: Array<[string, string, string]> = [
      ["tampered", `L402 ${bytes.toString("base64")}:${preimage}`, `/${api.slug}/forecast`],
      ["wrong preimage", `L402 ${macaroon}:${"0".repeat(64)}`, `/${api.slug}/forecast`],
      ["wrong tenant", `L402 ${macaroon}:${preimage}`, `/${other.slug}/x`],
      ["malformed", "L402 not-a-token", `/${api.slug}/forecast`],
      ["garbage scheme", "Bearer abc", `/${api.slug}/forecast`],
    ];
    for (const [name, authorization, path] of cases) {
      const res = await send(gateway.port, path, { headers: { authorization } });
      assert.equal(res.status, 401, `${name}: ${res.status} ${res.body}`);
      assert.ok(res.json().invoice, `${name}: no fresh challenge`);
      assert.ok(res.headers["www-authenticate"], `${name}: no WWW-Authenticate`);
    }
    // The real credential still works: refusals consumed nothing.
    const ok = await send(gateway.port, `/${api.slug}/forecast`, {
      headers: { authorization: `L402 ${macaroon}:${preimage}` },
    });
    assert.equal(ok.status, 200);
  });

  it("random and mutated credentials on a paid route → 401/402, never a 5xx (property)", async () => {
    const { macaroon, preimage } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    const printable = (t: string) => t.replace(/[^\t\x20-\x7e]/g, "");
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }).map((t) => `L402 ${printable(t)}`),
          fc.string({ maxLength: 60 }).map((t) => `LSAT ${macaroon}:${printable(t)}`),
          fc
            .nat({ max: macaroon.length - 1 })
            .map((i) => `L402 ${macaroon.slice(0, i)}x${macaroon.slice(i + 1)}:${preimage}`),
          fc.string({ maxLength: 9000 }).map((t) => `L402 ${printable(t)}:${preimage}`),
        ),
        async (authorization) => {
          const res = await send(gateway.port, `/${api.slug}/forecast`, { headers: { authorization } });
          assert.ok(
            res.status === 401 || res.status === 402 || res.status === 200 || res.status === 431,
            `${res.status} ${res.body}`,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("an attenuated token that tries to widen its parent → 401", async () => {
    const { macaroon, preimage } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    const narrowed = attenuate(macaroon, { calls: 1 });
    const ok = await send(gateway.port, `/${api.slug}/forecast`, {
      headers: { authorization: `L402 ${narrowed}:${preimage}` },
    });
    assert.equal(ok.status, 200);
    assert.throws(() => attenuate(narrowed, { calls: 5 }));
  });

  it("a token widened by appending a looser caveat (validly signed) → 401", async () => {
    const { macaroon, preimage } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    // Rebuild the token under its real root key (read back from the database) with one more
    // caveat that loosens an earlier one: the signature is valid, only the narrowing rule refuses it.
    const inspected = inspectToken(macaroon);
    assert.ok(inspected.ok);
    const { rows } = await stack.pg.query(
      "SELECT key_cipher, key_version FROM root_keys WHERE token_id = $1",
      [inspected.tokenId],
    );
    const rootKeyHex = decryptSecret({
      tenantId: stack.tenantId,
      field: "root_keys.key",
      cipher: rows[0].key_cipher,
      keyVersion: rows[0].key_version,
    });
    const rootKey = Buffer.from(rootKeyHex, "hex");
    const identifier = encodeIdentifier({ paymentHash: inspected.paymentHash, tokenId: inspected.tokenId });
    const widened = forgeToken(rootKey, identifier, [...inspected.caveats, `${api.slug}_calls=1000`]);
    const res = await send(gateway.port, `/${api.slug}/forecast`, {
      headers: { authorization: `L402 ${widened}:${preimage}` },
    });
    assert.equal(res.status, 401, res.body);
    assert.equal(res.json().error, "invalid_token");
    // The same rebuild without the extra caveat is accepted: the forgery itself is sound.
    const honest = forgeToken(rootKey, identifier, inspected.caveats);
    const accepted = await send(gateway.port, `/${api.slug}/forecast`, {
      headers: { authorization: `L402 ${honest}:${preimage}` },
    });
    assert.equal(accepted.status, 200, accepted.body);
  });

  it("the settlement stream marks the challenge settled and moves the node's settle index", async () => {
    const challenge = await send(gateway.port, `/${api.slug}/forecast`);
    const { payment_hash: paymentHash } = challenge.json<{ payment_hash: string }>();
    await stack.pay(challenge);
    let state = "";
    for (let i = 0; i < 100 && state !== "settled"; i++) {
      const { rows } = await stack.pg.query(
        "SELECT state::text AS state FROM challenges WHERE payment_hash = $1",
        [paymentHash],
      );
      state = rows[0]?.state ?? "";
      if (state !== "settled") await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(state, "settled", "no request was made: only the stream could have settled it");
    const { rows } = await stack.pg.query(
      "SELECT settle_index::int AS i FROM lightning_connections WHERE id = $1",
      [stack.connectionId],
    );
    assert.ok(rows[0].i > 0);
  });

  it("l402-core's paying client (what the CLI uses) buys and uses a token through the gateway", async () => {
    const wallet = { payInvoice: (bolt11: string) => stack.payer.pay({ bolt11, maxFeeSats: 10 }) };
    const res = await fetchWithL402(`${gateway.url}/${api.slug}/forecast`, undefined, {
      wallet,
      maxSats: 100,
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { url: string }).url, "/forecast");
  });

  it("a warm token is served from its lease, counted exactly, and refused when misused", async () => {
    const { authorization, macaroon, preimage } = await stack.buyToken(gateway, `/${api.slug}/bulk/a`);
    const first = await send(gateway.port, `/${api.slug}/bulk/a`, { headers: { authorization } });
    assert.equal(first.status, 200);
    assert.ok(gateway.ledger.leasedCalls > 10, "the first call leased calls ahead");
    for (let i = 0; i < 10; i++) {
      const res = await send(gateway.port, `/${api.slug}/bulk/${i}`, { headers: { authorization } });
      assert.equal(res.status, 200);
    }
    // The same warm token, misused: another route, a wrong preimage, another API.
    const elsewhere = await send(gateway.port, `/${api.slug}/forecast`, { headers: { authorization } });
    assert.equal(elsewhere.status, 402);
    const flipped = preimage.endsWith("0") ? "1" : "0";
    const forged = await send(gateway.port, `/${api.slug}/bulk/a`, {
      headers: { authorization: `L402 ${macaroon}:${preimage.slice(0, -1)}${flipped}` },
    });
    assert.equal(forged.status, 401);
    const otherApi = await send(gateway.port, `/${other.slug}/bulk/a`, { headers: { authorization } });
    assert.equal(otherApi.status, 401);

    // Unserved leased calls go back to Postgres; what remains counted is exactly what was served.
    await gateway.ledger.returnLeases();
    assert.equal(gateway.ledger.leasedCalls, 0);
    const { rows } = await stack.pg.query<{ calls_used: number }>(
      "SELECT calls_used FROM token_consumption WHERE token_id = (SELECT token_id FROM challenges WHERE api_id = $1 AND pricing_rule_id = $2 AND state = 'settled' ORDER BY created_at DESC LIMIT 1)",
      [api.id, api.ruleIds[5]],
    );
    assert.equal(rows[0]?.calls_used, 11);
  });

  it("a token bought for one route does not pay for another", async () => {
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/forecast`);
    const res = await send(gateway.port, `/${api.slug}/status/200`, { headers: { authorization } });
    assert.equal(res.status, 402);
  });

  it("upstream 5xx and timeout give the credit back", async () => {
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/status/500`);
    for (let i = 0; i < 3; i++) {
      const failed = await send(gateway.port, `/${api.slug}/status/500`, { headers: { authorization } });
      assert.equal(failed.status, 500);
    }
    const ok = await send(gateway.port, `/${api.slug}/status/200`, { headers: { authorization } });
    assert.equal(ok.status, 200, "the one paid call is still there after three upstream failures");
    const after = await send(gateway.port, `/${api.slug}/status/200`, { headers: { authorization } });
    assert.equal(after.status, 402);

    const slow = await stack.buyToken(gateway, `/${api.slug}/slow`);
    const timedOut = await send(gateway.port, `/${api.slug}/slow`, {
      headers: { authorization: slow.authorization },
    });
    assert.equal(timedOut.status, 504);
    const { rows } = await stack.pg.query(
      "SELECT calls_used FROM token_consumption WHERE token_id = (SELECT token_id FROM challenges WHERE bolt11 IS NOT NULL AND api_id = $1 ORDER BY created_at DESC LIMIT 1)",
      [api.id],
    );
    assert.equal(rows[0]?.calls_used, 0);
  });

  it("an upstream's own 402 never reaches the buyer as a payment demand, and the call is given back", async () => {
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/status/402`);
    const demanded = await send(gateway.port, `/${api.slug}/status/402`, { headers: { authorization } });
    assert.equal(demanded.status, 502);
    assert.equal(demanded.headers["www-authenticate"], undefined, "the upstream's invoice is not passed on");
    assert.doesNotMatch(demanded.body, /lnbcrt10n1upstream/);
    assert.equal(demanded.json<{ error: string }>().error, "upstream_payment_required");
    const ok = await send(gateway.port, `/${api.slug}/status/200`, { headers: { authorization } });
    assert.equal(ok.status, 200, "the paid call is still there after the upstream asked for a payment");
  });

  it("a client that hangs up mid-call is not refunded (the upstream may have done the work)", async () => {
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/slow`);
    const { request } = await import("node:http");
    const seenBefore = upstream.seen.length;
    await new Promise<void>((resolve) => {
      const req = request({
        host: "127.0.0.1",
        port: gateway.port,
        path: `/${api.slug}/slow`,
        headers: { authorization },
        agent: false,
      });
      req.on("error", () => resolve());
      req.end();
      // Hang up once the upstream has the request (the call was paid for and forwarded), not after a
      // fixed delay: a loaded machine can take longer than that to decide a cold token.
      const started = Date.now();
      const poll = setInterval(() => {
        if (upstream.seen.length > seenBefore || Date.now() - started > 10_000) {
          clearInterval(poll);
          req.destroy();
          resolve();
        }
      }, 20);
    });
    await new Promise((r) => setTimeout(r, 300));
    const again = await send(gateway.port, `/${api.slug}/slow`, { headers: { authorization } });
    assert.equal(again.status, 402, "the one call was spent by the request the client abandoned");
  });

  it("a time pass serves many calls until it expires", async () => {
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/pass/a`);
    for (let i = 0; i < 10; i++) {
      assert.equal(
        (await send(gateway.port, `/${api.slug}/pass/b`, { headers: { authorization } })).status,
        200,
      );
    }
  });

  it("free routes need nothing; the free tier passes N calls per client, then 402", async () => {
    assert.equal((await send(gateway.port, `/${api.slug}/free/x`)).status, 200);
    assert.equal((await send(gateway.port, `/${freeTierApi.slug}/a`)).status, 200);
    assert.equal((await send(gateway.port, `/${freeTierApi.slug}/b`)).status, 200);
    const third = await send(gateway.port, `/${freeTierApi.slug}/c`);
    assert.equal(third.status, 402);
    assert.equal(third.json().amount_sats, 5);
  });

  it("discovery and quote describe the routes without creating an invoice", async () => {
    const before = await stack.pg.query("SELECT count(*)::int AS n FROM challenges WHERE api_id = $1", [
      api.id,
    ]);
    const discovery = await send(gateway.port, `/${api.slug}/.well-known/l402.json`);
    DiscoveryDocument.parse(discovery.json());
    assert.equal(discovery.json<{ routes: unknown[] }>().routes.length, 6);
    const quote = await send(gateway.port, `/${api.slug}/.well-known/l402/quote?method=GET&path=/forecast`);
    QuoteDocument.parse(quote.json());
    assert.deepEqual(
      {
        amount: quote.json().amount_sats,
        calls: quote.json().calls,
        kind: quote.json().kind,
        route: quote.json().route,
      },
      { amount: 6, calls: 3, kind: "per_call", route: "/forecast" },
    );
    const afterCount = await stack.pg.query("SELECT count(*)::int AS n FROM challenges WHERE api_id = $1", [
      api.id,
    ]);
    assert.equal(afterCount.rows[0].n, before.rows[0].n);
  });

  it("meters every call into usage_events exactly once", async () => {
    await send(gateway.port, `/${api.slug}/free/metered`);
    await gateway.meter.drain();
    const { rows } = await stack.pg.query(
      "SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM usage_events WHERE api_id = $1 AND route = '/free/*'",
      [api.id],
    );
    assert.ok(rows[0].n >= 2);
    assert.equal(rows[0].n, rows[0].d);
  });
});
