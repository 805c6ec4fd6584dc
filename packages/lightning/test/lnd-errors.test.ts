import assert from "node:assert/strict";
import { test } from "node:test";
import { LightningError } from "../src/backend";
import { toLightningError } from "../src/lnd-errors";

// ln-service's rejection shape: [code, name, { err: grpc ServiceError }]
const lnErr = (name: string, details = "", code = 2) => [503, name, { err: { code, details } }];

const cases: Array<[string, unknown, string]> = [
  ["grpc unavailable", lnErr("UnexpectedLookupInvoiceErr", "No connection established", 14), "unreachable"],
  ["tls failure", lnErr("GetWalletInfoErr", "self-signed certificate in chain", 14), "unreachable"],
  ["daemon down", [503, "FailedToConnectToDaemon"], "unreachable"],
  ["deadline", lnErr("UnexpectedLookupInvoiceErr", "Deadline exceeded", 4), "timeout"],
  ["permission", lnErr("GetWalletInfoErr", "permission denied"), "permission_denied"],
  [
    "bad signature",
    lnErr("UnexpectedGetInvoicesError", "verification failed: signature mismatch"),
    "unauthenticated",
  ],
  [
    "unknown root key",
    lnErr("AddInvoiceError", "cannot get macaroon: root key with id 0 doesn't exist"),
    "unauthenticated",
  ],
  ["no macaroon", lnErr("AddInvoiceError", "expected 1 macaroon, got 0"), "unauthenticated"],
  ["expired", lnErr("UnexpectedPaymentError", "invoice expired. Valid until 2026-01-01"), "invoice_expired"],
  ["paid", lnErr("UnexpectedPaymentError", "invoice is already paid", 6), "already_paid"],
  ["in flight", lnErr("UnexpectedPaymentError", "payment is in transition", 6), "already_paid"],
  ["not found", lnErr("UnexpectedLookupInvoiceErr", "unable to locate invoice", 5), "invoice_not_found"],
  ["no funds", [503, "InsufficientBalanceToAttemptPayment"], "insufficient_balance"],
  ["rejected", [503, "PaymentRejectedByDestination"], "payment_failed"],
  ["no route", [503, "PaymentPathfindingFailedToFindPossibleRoute"], "payment_failed"],
  ["bad args", [400, "ExpectedIdToGetInvoiceDetails"], "invalid_request"],
  ["stream end", undefined, "unreachable"],
];

for (const [name, input, code] of cases) {
  test(`ln-service error → ${code}: ${name}`, () => {
    const err = toLightningError(input, "do it");
    assert.ok(err instanceof LightningError);
    assert.equal(err.code, code);
    assert.ok(err.message.length > 10);
  });
}

test("a LightningError passes through unchanged", () => {
  const original = new LightningError("timeout", "slow");
  assert.equal(toLightningError(original, "x"), original);
});

test("messages never carry the macaroon", () => {
  const macaroon = "0201036c6e6402f801";
  const err = toLightningError(lnErr("AddInvoiceError", "verification failed"), "create an invoice");
  assert.ok(!err.message.includes(macaroon));
});
