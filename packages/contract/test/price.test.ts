import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_CALLS_PER_TOKEN, MAX_PAYMENT_SATS, MAX_PRICE_SATS, paymentSats } from "../src/price";

test("a per-call route asks price × calls; a time pass its price; a free route nothing", () => {
  assert.equal(paymentSats({ kind: "per_call", priceSats: 2, callsPerToken: 3 }), 6);
  assert.equal(paymentSats({ kind: "per_call", priceSats: 5, callsPerToken: 0 }), 5);
  assert.equal(paymentSats({ kind: "time_pass", priceSats: 50, callsPerToken: 10 }), 50);
  assert.equal(paymentSats({ kind: "free", priceSats: 50, callsPerToken: 10 }), 0);
});

test("the largest price and calls each fit, but not their product: the bound is on the payment", () => {
  assert.ok(MAX_PRICE_SATS <= MAX_PAYMENT_SATS);
  assert.ok(
    paymentSats({ kind: "per_call", priceSats: MAX_PRICE_SATS, callsPerToken: MAX_CALLS_PER_TOKEN }) >
      MAX_PAYMENT_SATS,
  );
  assert.equal(MAX_PAYMENT_SATS, 2 ** 31 - 1); // Postgres integer columns hold amounts
});
