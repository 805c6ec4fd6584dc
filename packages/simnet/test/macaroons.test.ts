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

test("verification reports the earliest time-before; the cache drops an entry once it passes", async () => {
  const { createRequire } = await import("node:module");
  const { importMacaroon } = createRequire(import.meta.url)("macaroon") as {
    importMacaroon(bytes: Uint8Array): { addFirstPartyCaveat(c: string): void; exportBinary(): Uint8Array };
  };
  const { VerifiedMacaroons } = await import("../src/macaroon-cache");
  const rootKey = randomBytes(32).toString("hex");
  const mac = importMacaroon(Buffer.from(bakeMacaroon(rootKey, "tenant-1", INVOICE_OPS), "hex"));
  mac.addFirstPartyCaveat("time-before 2031-01-01T00:00:00Z");
  mac.addFirstPartyCaveat("time-before 2030-01-01T00:00:00Z");
  const bytes = Buffer.from(mac.exportBinary());
  const { notAfter } = verifyMacaroon(bytes, rootKey, new Date("2029-06-01T00:00:00Z"));
  assert.equal(notAfter, Date.parse("2030-01-01T00:00:00Z"));
  assert.throws(() => verifyMacaroon(bytes, rootKey, new Date("2030-06-01T00:00:00Z")), MacaroonRejected);
  assert.equal(
    verifyMacaroon(readMacaroon(bakeMacaroon(rootKey, "t", INVOICE_OPS)).bytes, rootKey, new Date()).notAfter,
    Number.POSITIVE_INFINITY,
  );

  const cache = new VerifiedMacaroons();
  const key = bytes.toString("hex");
  cache.set(key, { storageId: "tenant-1", ops: INVOICE_OPS, notAfter });
  assert.equal(cache.get(key, notAfter - 1)?.storageId, "tenant-1");
  assert.equal(cache.get(key, notAfter), undefined, "expired: back to the slow path, which rejects it");
  assert.equal(cache.size, 0);
});

test("Network.authenticate: a cached macaroon still gets per-RPC permissions; a tampered one is refused", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { Network } = await import("../src/network");
  const { SimnetStore } = await import("../src/state");
  const dir = mkdtempSync(join(tmpdir(), "simnet-auth-"));
  try {
    const network = new Network(new SimnetStore(dir), { builderFundingSats: 10 });
    const node = network.ensureNode("tenant-a");
    const mac = node.macaroons.invoice;
    for (let i = 0; i < 2; i++) {
      assert.equal(network.authenticate([mac], "/lnrpc.Lightning/AddInvoice").node, node);
      assert.throws(
        () => network.authenticate([mac], "/routerrpc.Router/SendPaymentV2"),
        /permission denied/,
      );
    }
    const last = mac.at(-1) === "0" ? "1" : "0";
    assert.throws(
      () => network.authenticate([`${mac.slice(0, -1)}${last}`], "/lnrpc.Lightning/AddInvoice"),
      /verification failed/,
    );
    const other = network.ensureNode("tenant-b");
    assert.equal(network.authenticate([other.macaroons.invoice], "/lnrpc.Lightning/AddInvoice").node, other);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
