import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { decodeMacaroonId, encodeMacaroonId } from "../src/macaroon-id";
import { bakeMacaroon, MacaroonRejected, readMacaroon, verifyMacaroon } from "../src/macaroons";
import { ADMIN_OPS, INVOICE_OPS, isAllowed } from "../src/permissions";

test("MacaroonId round-trips, byte 0 is LND's version 3", () => {
  const id = { nonce: randomBytes(16), storageId: "tenant-1", ops: INVOICE_OPS };
  const bytes = encodeMacaroonId(id);
  assert.equal(bytes[0], 3);
  assert.deepEqual(decodeMacaroonId(bytes), id);
});

test("a baked macaroon names its node and verifies only with that node's root key", () => {
  const rootKey = randomBytes(32).toString("hex");
  const mac = bakeMacaroon(rootKey, "tenant-1", INVOICE_OPS);
  const read = readMacaroon(mac);
  assert.equal(read.storageId, "tenant-1");
  assert.deepEqual(read.ops, INVOICE_OPS);
  verifyMacaroon(read.bytes, rootKey, new Date());
  assert.throws(
    () => verifyMacaroon(read.bytes, randomBytes(32).toString("hex"), new Date()),
    MacaroonRejected,
  );
  assert.throws(() => readMacaroon("zz"), MacaroonRejected);
});

test("permissions follow LND: invoice ops may invoice, not pay; admin may do both", () => {
  assert.equal(isAllowed(INVOICE_OPS, "/lnrpc.Lightning/AddInvoice"), true);
  assert.equal(isAllowed(INVOICE_OPS, "/lnrpc.Lightning/LookupInvoice"), true);
  assert.equal(isAllowed(INVOICE_OPS, "/routerrpc.Router/SendPaymentV2"), false);
  assert.equal(isAllowed(INVOICE_OPS, "/lnrpc.Lightning/GetInfo"), false);
  assert.equal(isAllowed(ADMIN_OPS, "/routerrpc.Router/SendPaymentV2"), true);
  assert.equal(
    isAllowed([{ entity: "uri", actions: ["/lnrpc.Lightning/GetInfo"] }], "/lnrpc.Lightning/GetInfo"),
    true,
  );
  assert.equal(isAllowed(ADMIN_OPS, "/lnrpc.Lightning/NotImplemented"), false);
});
