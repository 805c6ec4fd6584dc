import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { formatChallenge, mintToken, parseCredential, verifyToken } from "@tollbooth/l402-core";
import { createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { ReceiptSigner } from "@tollbooth/receipts";
import { type RunningSimnet, simnetAdmin } from "@tollbooth/simnet";
import { tollbooth } from "./run-cli";
import { type CliSimnet, startCliSimnet } from "./support/cli-simnet";

const PRICE_SATS = 20;

/**
 * A minimal L402 server in front of a simnet provider node: 402 with a real invoice and a minted
 * token, 200 once the credential verifies. Enough to prove `tollbooth fetch` end to end.
 */
const receiptSigner = new ReceiptSigner(generateKeyPairSync("ed25519").privateKey);

function l402Server(provider: LightningBackend) {
  const rootKey = randomBytes(32);
  const stats = { challenges: 0, paidCalls: 0, lastPaymentHash: "" };
  const server = createServer(async (req, res) => {
    if (req.url === "/broken/x") {
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":"upstream_down"}');
      return;
    }
    const cred = parseCredential(req.headers.authorization);
    if (cred.ok) {
      const verified = verifyToken(cred, rootKey, { service: "demo" });
      if (verified.ok) {
        stats.paidCalls++;
        // A signed receipt as the gateway sends it (the CLI reports it decoded and raw).
        const { encoded } = receiptSigner.sign({
          api: "demo",
          scope: { method: "GET", path: "/*" },
          kind: "per_call",
          sats: PRICE_SATS,
          calls: 5,
          seconds: null,
          payment_hash: verified.paymentHash ?? "0".repeat(64),
          settled_at: new Date().toISOString(),
          issued_at: new Date().toISOString(),
        });
        res
          .writeHead(200, {
            "content-type": "application/json",
            "tollbooth-receipt": encoded,
          })
          .end(`{"forecast":"sunny","call":${stats.paidCalls}}`);
        return;
      }
    }
    const invoice = await provider.createInvoice({
      amountSats: PRICE_SATS,
      memo: "demo call",
      expirySeconds: 600,
    });
    const macaroon = mintToken({
      rootKey,
      paymentHash: invoice.paymentHash,
      tokenId: randomBytes(32),
      service: "demo",
      validUntil: Math.floor(Date.now() / 1000) + 3600,
      calls: 5,
    });
    stats.challenges++;
    stats.lastPaymentHash = invoice.paymentHash;
    res.writeHead(402, {
      "content-type": "application/json",
      "www-authenticate": formatChallenge({ macaroon, invoice: invoice.bolt11 }),
    });
    res.end(
      JSON.stringify({
        error: "payment_required",
        amount_sats: PRICE_SATS,
        description: "demo call",
        expires: invoice.expiresAt.toISOString(),
        invoice: invoice.bolt11,
        macaroon,
        payment_hash: invoice.paymentHash,
        calls: 5,
      }),
    );
  });
  return { server, stats };
}

describe("tollbooth fetch pays L402 challenges with the simnet builder wallet", () => {
  let simnet: CliSimnet;
  let dataDir: string;
  let sim: RunningSimnet;
  let provider: LightningBackend;
  let api: ReturnType<typeof l402Server>;
  let base: string;
  let env: Record<string, string>;

  before(async () => {
    simnet = await startCliSimnet("cli-fetch-", 1_000);
    ({ sim, dataDir, env } = simnet);
    provider = createLndBackend(await simnetAdmin(sim.adminUrl, sim.adminToken).createNode("demo-provider"));
    api = l402Server(provider);
    await new Promise<void>((resolve) => api.server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    api.server.closeAllConnections();
    await new Promise((resolve) => (api.server as Server).close(resolve));
    await simnet?.stop();
  });

  test("pays within the cap, prints the body, and reuses the cached token", async () => {
    const first = await tollbooth(["fetch", `${base}/demo/forecast`, "--max-sats", "50"], env);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { forecast: "sunny", call: 1 });
    assert.equal(api.stats.challenges, 1);
    assert.equal((await provider.lookupInvoice(api.stats.lastPaymentHash)).state, "settled");

    const second = await tollbooth(["fetch", `${base}/demo/forecast`, "--max-sats", "50"], env);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout), { forecast: "sunny", call: 2 });
    assert.equal(api.stats.challenges, 1, "the cached token was used, nothing paid again");
  });

  test("--json reports status, headers, sats paid and the receipt; a cached token pays 0", async () => {
    const fresh = { ...env, TOLLBOOTH_HOME: join(dataDir, "home-json") };
    const first = await tollbooth(["fetch", `${base}/demo/forecast`, "--json"], fresh);
    assert.equal(first.code, 0, first.stderr);
    const json = JSON.parse(first.stdout);
    assert.equal(json.status, 200);
    assert.equal(json.sats_paid, PRICE_SATS);
    assert.equal(json.payment_hash, api.stats.lastPaymentHash);
    assert.equal(json.headers["content-type"], "application/json");
    assert.equal(json.receipt.sats, PRICE_SATS);
    assert.equal(typeof json.receipt_header, "string");
    assert.equal(json.body_encoding, "utf8");
    assert.equal(JSON.parse(json.body).forecast, "sunny");
    const history = await tollbooth(["wallet", "history"], fresh);
    const [entry] = history.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      [entry.url, entry.amount_sats, entry.status],
      [`${base}/demo/forecast`, PRICE_SATS, "paid"],
    );
    const second = JSON.parse((await tollbooth(["fetch", `${base}/demo/forecast`, "--json"], fresh)).stdout);
    assert.equal(second.sats_paid, 0);
  });

  test("a price above the cap exits 3 and pays nothing", async () => {
    const fresh = { ...env, TOLLBOOTH_HOME: join(dataDir, "home-capped") };
    const before = api.stats.challenges;
    const capped = await tollbooth(["fetch", `${base}/demo/forecast`, "--max-sats", "5"], fresh);
    assert.equal(capped.code, 3, capped.stderr);
    assert.equal(api.stats.challenges, before + 1);
    assert.equal((await provider.lookupInvoice(api.stats.lastPaymentHash)).state, "pending");
  });

  test("an upstream error exits 5 and still prints the body; bad usage exits 2", async () => {
    const broken = await tollbooth(["fetch", `${base}/broken/x`], env);
    assert.equal(broken.code, 5);
    assert.match(broken.stdout, /upstream_down/);
    const noUrl = await tollbooth(["fetch"], env);
    assert.equal(noUrl.code, 2);
    const badUrl = await tollbooth(["fetch", "not a url"], env);
    assert.equal(badUrl.code, 2);
    const badHeader = await tollbooth(["fetch", `${base}/demo/x`, "-H", "nocolon"], env);
    assert.equal(badHeader.code, 2);
  });
});
