import assert from "node:assert/strict";
import { test } from "node:test";
import { ChallengeBody, DiscoveryDocument, ErrorBody, QuoteDocument } from "../src/wire";

const challenge = {
  error: "payment_required",
  message: "Pay 6 sats to call GET /forecast.",
  amount_sats: 6,
  description: "Weather: 3 call(s) GET /forecast",
  expires: "2026-12-02T04:00:00.000Z",
  invoice: "lnbcrt60n1...",
  macaroon: "AgEE...",
  payment_hash: "ab".repeat(32),
  calls: 3,
};

test("the 402 body parses, with or without a scope, and unknown keys pass", () => {
  assert.equal(ChallengeBody.safeParse(challenge).success, true);
  assert.equal(
    ChallengeBody.safeParse({ ...challenge, scope: { method: "GET", path: "/forecast" } }).success,
    true,
  );
  assert.equal(ChallengeBody.safeParse({ ...challenge, calls: null, later: 1 }).success, true);
});

test("a 402 body missing its invoice or with a bad payment hash does not parse", () => {
  const { invoice: _omit, ...noInvoice } = challenge;
  assert.equal(ChallengeBody.safeParse(noInvoice).success, false);
  assert.equal(ChallengeBody.safeParse({ ...challenge, payment_hash: "xyz" }).success, false);
  assert.equal(ChallengeBody.safeParse({ ...challenge, amount_sats: "6" }).success, false);
});

test("the quote carries amount_sats as the price of one payment", () => {
  const quote = {
    service: "weather",
    method: "GET",
    path: "/forecast",
    route: "/forecast",
    kind: "per_call",
    amount_sats: 6,
    price_sats: 2,
    calls: 3,
    pass_seconds: null,
    default_rule: false,
  };
  assert.equal(QuoteDocument.parse(quote).amount_sats, 6);
  assert.equal(QuoteDocument.safeParse({ ...quote, amount_sats: undefined, priceSats: 6 }).success, false);
});

test("the discovery document and the error body", () => {
  const route = {
    method: "GET",
    path: "/forecast",
    kind: "per_call",
    price_sats: 2,
    calls_per_token: 3,
    pass_seconds: null,
    amount_sats: 6,
  };
  const doc = {
    version: "1.0",
    provider: { name: "Weather", uri: "http://127.0.0.1:8402/weather" },
    currencies: ["msat"],
    payment_methods: ["bolt11"],
    macaroon_versions: [0],
    openapi: "http://127.0.0.1:8402/weather/.well-known/l402/openapi.json",
    services: [
      {
        name: "weather",
        description: null,
        resources: [{ path: "/forecast", method: "GET", pricing: { model: "fixed", price_msat: 6000 } }],
      },
    ],
    service: "weather",
    name: "Weather",
    description: null,
    base_url: "http://127.0.0.1:8402/weather",
    quote_url: "http://127.0.0.1:8402/weather/.well-known/l402/quote",
    auth_schemes: ["L402", "LSAT"],
    token_validity_seconds: 86400,
    free_tier: null,
    routes: [route],
    default_route: { ...route, path: "/*", calls_per_token: 1 },
  };
  assert.equal(DiscoveryDocument.safeParse(doc).success, true);
  assert.equal(DiscoveryDocument.safeParse({ ...doc, default_route: null }).success, true);
  assert.equal(DiscoveryDocument.safeParse({ ...doc, version: 1 }).success, false);
  const dynamic = {
    ...doc.services[0],
    resources: [{ path: "/x", method: "GET", pricing: { model: "dynamic" } }],
  };
  assert.equal(DiscoveryDocument.safeParse({ ...doc, services: [dynamic] }).success, false);
  assert.equal(ErrorBody.safeParse({ error: "not_found", message: "No such API." }).success, true);
  assert.equal(ErrorBody.safeParse({ message: "no code" }).success, false);
});
