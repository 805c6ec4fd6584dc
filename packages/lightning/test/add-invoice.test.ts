import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import bolt11 from "bolt11";
import { parsePaymentRequest } from "ln-service";
import { bolt11AmountMsats, bolt11Timestamp } from "../src/add-invoice";

const REGTEST = { bech32: "bcrt", pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] };
const KEY = randomBytes(32).toString("hex");

function invoice(args: { msats?: string; timestamp: number }): string {
  const encoded = bolt11.encode({
    network: REGTEST,
    ...(args.msats === undefined ? {} : { millisatoshis: args.msats }),
    timestamp: args.timestamp,
    tags: [
      { tagName: "payment_hash", data: randomBytes(32).toString("hex") },
      { tagName: "payment_secret", data: randomBytes(32).toString("hex") },
      { tagName: "description", data: "add-invoice test" },
      { tagName: "expire_time", data: 600 },
    ],
  });
  const signed = bolt11.sign(encoded, KEY).paymentRequest;
  if (!signed) throw new Error("bolt11 signing failed");
  return signed;
}

test("timestamp and amount read from the plain fields match a full parse", () => {
  // Amounts that BOLT11 writes with each multiplier (m, u, n, p) and none, and random times.
  const amounts = ["100000000000", "200000000", "1000", "42000", "10", "1230", "999999000", "1"];
  for (const msats of amounts) {
    for (let i = 0; i < 5; i++) {
      const timestamp = Math.floor(Math.random() * 2 ** 34);
      const request = invoice({ msats, timestamp });
      const oracle = parsePaymentRequest({ request });
      assert.equal(bolt11Timestamp(request), Date.parse(oracle.created_at) / 1000, request);
      assert.equal(bolt11AmountMsats(request), BigInt(oracle.mtokens ?? "0"), request);
    }
  }
});

test("uppercase invoices read the same", () => {
  const request = invoice({ msats: "42000", timestamp: 1_700_000_000 });
  assert.equal(bolt11Timestamp(request.toUpperCase()), bolt11Timestamp(request));
  assert.equal(bolt11AmountMsats(request.toUpperCase()), bolt11AmountMsats(request));
});

test("malformed invoices read as null, never a wrong number", () => {
  assert.equal(bolt11AmountMsats(invoice({ timestamp: 1_700_000_000 })), null, "no amount");
  assert.equal(bolt11AmountMsats("lnbcrt15p1qqqqqqq"), null, "pico amount not a whole msat");
  assert.equal(bolt11AmountMsats("lnbcrt10x1qqqqqqq"), null, "unknown multiplier");
  assert.equal(bolt11AmountMsats("garbage"), null);
  assert.equal(bolt11Timestamp("garbage"), null);
  assert.equal(bolt11Timestamp("lnbcrt10u1qqq"), null, "too short");
  assert.equal(bolt11Timestamp("lnbcrt10u1qqqqqqb"), null, "not bech32");
});
