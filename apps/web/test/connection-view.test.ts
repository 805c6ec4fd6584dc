import assert from "node:assert/strict";
import { test } from "node:test";
import { toConnectionView } from "../src/server/lightning/connection-view";

const row = (kind: "nwc" | "lnbits" | "lnd", capabilities: string[]) => ({
  id: "c1",
  kind,
  socket: "wss://relay.example.com",
  tlsCert: null,
  nodePubkey: null,
  lastHealthAt: null,
  lastHealthOk: null,
  lastHealthError: null,
  capabilities,
  createdAt: new Date(0),
});

test("a stored credential that can spend is flagged by the same rule the connection test uses", () => {
  assert.equal(toConnectionView(row("nwc", ["make_invoice", "lookup_invoice"])).canSpend, false);
  for (const method of ["pay_invoice", "multi_pay_invoice", "pay_keysend", "multi_pay_keysend"]) {
    assert.equal(toConnectionView(row("nwc", ["make_invoice", method])).canSpend, true, method);
  }
  assert.equal(toConnectionView(row("lnbits", ["invoice"])).canSpend, false);
  assert.equal(toConnectionView(row("lnbits", ["invoice", "admin"])).canSpend, true);
  assert.equal(toConnectionView(row("lnd", [])).canSpend, false);
});
