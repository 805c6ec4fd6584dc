import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createInvoice, getInvoice, pay } from "ln-service";
import WebSocket from "ws";
import type { SimnetLnbitsWallet } from "../src/index";
import { eventually, tempSimnet } from "./harness";

/**
 * The simnet's LNbits-compatible API, spoken to as LNbits clients do (X-Api-Key, JSON, the wallet
 * websocket), on the same network as the LND gRPC API: each settles the other's invoices.
 */
let net: Awaited<ReturnType<typeof tempSimnet>>;
let shop: SimnetLnbitsWallet;
let builder: SimnetLnbitsWallet;

before(async () => {
  net = await tempSimnet();
  await net.admin.createNode("api-shop");
  shop = await net.admin.lnbits("api-shop");
  builder = await net.admin.lnbits("builder");
});
after(() => net.stop());

async function lnbits(w: SimnetLnbitsWallet, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${w.url}${path}`, {
    method,
    headers: { "x-api-key": key, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("simnet LNbits API", () => {
  it("keys: the wallet answers its name to both, its id only to the admin key; others get 401", async () => {
    assert.deepEqual((await lnbits(shop, shop.invoiceKey, "GET", "/api/v1/wallet")).json, {
      name: "api-shop",
      balance: 0,
    });
    assert.equal((await lnbits(shop, shop.adminKey, "GET", "/api/v1/wallet")).json.id, shop.walletId);
    assert.equal((await lnbits(shop, "x".repeat(32), "GET", "/api/v1/wallet")).status, 401);
    assert.notEqual(shop.invoiceKey, builder.invoiceKey);
  });

  it("an LNbits invoice paid over LND gRPC: the websocket says so, the lookup shows it paid", async () => {
    const ws = new WebSocket(`${shop.url.replace("http", "ws")}/api/v1/ws/${shop.invoiceKey}`);
    const messages: Array<{ payment: Record<string, unknown> }> = [];
    ws.on("message", (d) => messages.push(JSON.parse(String(d))));
    await new Promise((ok) => ws.once("open", ok));
    const made = await lnbits(shop, shop.invoiceKey, "POST", "/api/v1/payments", {
      out: false,
      amount: 7,
      memo: "m",
    });
    assert.equal(made.status, 201);
    const hash = String(made.json.payment_hash);
    const b = await net.admin.builder();
    await pay({ lnd: net.lnd(b, b.adminMacaroon), request: String(made.json.bolt11) });
    const note = await eventually(() => messages.find((m) => m.payment.payment_hash === hash));
    assert.equal(note.payment.status, "success");
    assert.equal(note.payment.amount, 7000);
    const looked = await lnbits(shop, shop.invoiceKey, "GET", `/api/v1/payments/${hash}`);
    assert.equal(looked.json.paid, true);
    assert.match(String(looked.json.preimage), /^[0-9a-f]{64}$/);
    const listed = await lnbits(shop, shop.invoiceKey, "GET", "/api/v1/payments?limit=10");
    assert.ok(
      (listed.json as unknown as Array<{ payment_hash: string }>).some((p) => p.payment_hash === hash),
    );
    ws.close();
  });

  it("an LND invoice paid from an LNbits admin key; the invoice key may not pay", async () => {
    const provider = await net.admin.createNode("api-lnd-shop");
    const lnd = net.lnd(provider, provider.macaroon);
    const invoice = await createInvoice({ lnd, tokens: 11 });
    const refused = await lnbits(builder, builder.invoiceKey, "POST", "/api/v1/payments", {
      out: true,
      bolt11: invoice.request,
    });
    assert.equal(refused.status, 401);
    const paid = await lnbits(builder, builder.adminKey, "POST", "/api/v1/payments", {
      out: true,
      bolt11: invoice.request,
    });
    assert.equal(paid.status, 201);
    assert.equal((await getInvoice({ lnd, id: invoice.id })).is_confirmed, true);
    const again = await lnbits(builder, builder.adminKey, "POST", "/api/v1/payments", {
      out: true,
      bolt11: invoice.request,
    });
    assert.equal(again.status, 400, "paid already");
  });

  it("the test knob: stopped it refuses connections, started it answers on the same URL", async () => {
    await net.sim.lnbits.stop();
    await assert.rejects(fetch(`${shop.url}/api/v1/wallet`, { headers: { "x-api-key": shop.invoiceKey } }));
    await net.sim.lnbits.start();
    assert.equal((await lnbits(shop, shop.invoiceKey, "GET", "/api/v1/wallet")).status, 200);
  });
});
