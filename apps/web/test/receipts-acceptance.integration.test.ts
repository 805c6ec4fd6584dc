/**
 * Issue #15's receipt acceptance, end to end and all real: Postgres, a simnet (its ledger read
 * through ln-service), the gateway as its own process on loopback signing with
 * TOLLBOOTH_RECEIPT_KEY, the web's own keys route served over loopback HTTP, and the real
 * `tollbooth` bin. Pay → the first paid answer carries a receipt → `tollbooth receipt verify`
 * against the hub's published keys exits 0 → the same receipt with one byte changed exits 7; the
 * provider lists exactly one receipt per settled payment; the receipts' sats are the node's.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { decodeReceipt, type Receipt } from "@tollbooth/receipts";
import { GET as receiptKeysRoute } from "../src/app/api/receipt-keys/route";
import { type RevenueStack, startRevenueStack } from "./revenue-stack";

const BIN = fileURLToPath(new URL("../../../packages/cli/bin/tollbooth.mjs", import.meta.url));

function tollbooth(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let stack: RevenueStack;
let hub: Server;
let hubUrl: string;
let api: { id: string; slug: string };

before(async () => {
  // The operator's key, as npm start passes it to both apps.
  process.env.TOLLBOOTH_RECEIPT_KEY = generateKeyPairSync("ed25519")
    .privateKey.export({ format: "pem", type: "pkcs8" })
    .toString();
  stack = await startRevenueStack("receipts");
  api = await stack.createApi("Receipts API", `rcpt-${stack.run}`, [
    { method: "GET", pathPattern: "/single", kind: "per_call", priceSats: 3, callsPerToken: 1 },
    { method: "*", pathPattern: "/bundle/*", kind: "per_call", priceSats: 5, callsPerToken: 10 },
    { method: "*", pathPattern: "/pass/*", kind: "time_pass", priceSats: 20, passSeconds: 3600 },
  ]);
  await stack.startGateway([api.slug]);
  // The web's keys route (what next.config.ts rewrites /.well-known/tollbooth-receipt-keys.json to).
  hub = createServer(async (req, res) => {
    if (req.url !== "/.well-known/tollbooth-receipt-keys.json") return void res.writeHead(404).end();
    const answer = receiptKeysRoute();
    res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
  });
  await new Promise<void>((r) => hub.listen(0, "127.0.0.1", r));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((r) => hub?.close(r));
  await stack?.stop();
});

test("every settled payment: one receipt on its first paid answer, verified by the CLI; one changed byte exits 7", async () => {
  const receipts: string[] = [];
  for (const [route, again] of [
    ["/single", null],
    ["/bundle/a", "/bundle/b"],
    ["/pass/a", "/pass/b"],
  ] as const) {
    const bought = await stack.buy(api.slug, route);
    const first = await stack.call(api.slug, route, bought.authorization);
    assert.equal(first.status, 200, first.body);
    const header = first.headers.get("tollbooth-receipt");
    assert.ok(header, `the first paid answer on ${route} carries a receipt`);
    assert.equal((decodeReceipt(header) as Receipt).sats, bought.amountSats);
    receipts.push(header);
    if (again) {
      const second = await stack.call(api.slug, again, bought.authorization);
      assert.equal(second.status, 200, second.body);
      assert.equal(second.headers.get("tollbooth-receipt"), null, "one receipt per payment");
    }
  }

  for (const receipt of receipts) {
    const ok = await tollbooth(["receipt", "verify", receipt, "--hub", hubUrl]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).valid, true);
    const i = Math.floor(receipt.length / 3);
    const tampered = receipt.slice(0, i) + (receipt[i] === "A" ? "B" : "A") + receipt.slice(i + 1);
    const bad = await tollbooth(["receipt", "verify", tampered, "--hub", hubUrl]);
    assert.equal(bad.code, 7, bad.stderr);
    assert.match(bad.stderr, /^tollbooth: receipt invalid: /);
  }

  // The provider's list: exactly one receipt per settled payment, the same ones the buyer got.
  const listed = await stack.caller.receipts.list({ apiId: api.id, limit: 100 });
  assert.deepEqual(new Set(listed.receipts.map((r) => r.encoded)), new Set(receipts));
  const settled = await stack.db.challenge.findMany({ where: { apiId: api.id, state: "settled" } });
  assert.equal(listed.receipts.length, settled.length);
  assert.deepEqual(
    new Set(listed.receipts.map((r) => r.receipt.payment_hash)),
    new Set(settled.map((c) => c.paymentHash)),
  );
  // The receipts' sats are what the node itself settled (a fresh node: only these payments).
  const node = await stack.nodeSettledSats();
  const receiptSats = listed.receipts.reduce((sum, r) => sum + r.receipt.sats, 0);
  assert.deepEqual({ sats: receiptSats, invoices: listed.receipts.length }, node);
  assert.equal(receiptSats, 3 + 50 + 20);
});
