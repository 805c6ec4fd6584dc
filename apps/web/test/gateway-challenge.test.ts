// Try it reads the gateway's 402 with the contract's schema, and falls back to the standard header.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readChallenge } from "../src/server/tryit/gateway-call";

const body = {
  error: "payment_required",
  message: "Pay 6 sats to call GET /forecast.",
  amount_sats: 6,
  description: "Weather: 3 call(s) GET /forecast",
  expires: "2026-12-02T04:10:00.000Z",
  invoice: "lnbcrt60n1pbody",
  macaroon: "AgEEbody",
  payment_hash: "ab".repeat(32),
  calls: 3,
  scope: { method: "GET", path: "/forecast" },
};
const header =
  'LSAT macaroon="AgEEheader", invoice="lnbcrt60n1pheader", L402 macaroon="AgEEheader", invoice="lnbcrt60n1pheader"';

test("the JSON body, read with the contract's schema", () => {
  assert.deepEqual(readChallenge(JSON.stringify(body), header), {
    invoice: "lnbcrt60n1pbody",
    macaroon: "AgEEbody",
    amountSats: 6,
    paymentHash: "ab".repeat(32),
    description: "Weather: 3 call(s) GET /forecast",
    expires: "2026-12-02T04:10:00.000Z",
    calls: 3,
    scope: { method: "GET", path: "/forecast" },
    // Not a real macaroon: no token facts to read.
    validUntil: null,
    grantedCalls: null,
  });
});

test("a body that is not the contract's 402 falls back to the WWW-Authenticate header", () => {
  for (const text of ["not json", JSON.stringify({ ...body, payment_hash: 7 }), "{}"]) {
    const c = readChallenge(text, header);
    assert.equal(c?.invoice, "lnbcrt60n1pheader", text);
    assert.equal(c?.macaroon, "AgEEheader");
    assert.equal(c?.amountSats, null);
  }
});

test("neither a body nor a header: no challenge", () => {
  assert.equal(readChallenge("{}", null), null);
  assert.equal(readChallenge("{}", 'Basic realm="x"'), null);
});
