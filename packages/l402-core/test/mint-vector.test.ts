import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import macaroon from "macaroon";
import { inspectToken, mintToken, verifyToken } from "../src/index";

// Fixed inputs → a fixed token. If this changes, every token in the wild stops verifying.
const ROOT_KEY = `${"00".repeat(31)}01`;
const PREIMAGE = "33".repeat(32);
const PAYMENT_HASH = "deb0e38ced1e41de6f92e70e80c418d2d356afaaa99e26f5939dbc7d3ef4772a"; // sha256(PREIMAGE)
const TOKEN_ID = "22".repeat(32);
const VECTOR =
  "AgEJdG9sbGJvb3RoAkIAAN6w44ztHkHeb5LnDoDEGNLTVq+qqZ4m9ZOdvH0+9HcqIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIAAhJzZXJ2aWNlcz13ZWF0aGVyOjEAAh53ZWF0aGVyX3ZhbGlkX3VudGlsPTE4OTM0NTYwMDAAAhl3ZWF0aGVyX2NhcGFiaWxpdGllcz1yZWFkAAIRd2VhdGhlcl9jYWxscz0xMDAAAhp3ZWF0aGVyX2J1ZGdldF9tc2F0PTI1MDAwMAACGXdlYXRoZXJfcGF0aHM9L2ZvcmVjYXN0LyoAAhN3ZWF0aGVyX21ldGhvZHM9R0VUAAAGIFDWyeypH5jdRrY+7WH4sV0Xg2/P3pPOJefWGyfq6/KC";
const CAVEATS = [
  "services=weather:1",
  "weather_valid_until=1893456000",
  "weather_capabilities=read",
  "weather_calls=100",
  "weather_budget_msat=250000",
  "weather_paths=/forecast/*",
  "weather_methods=GET",
];

const mint = () =>
  mintToken({
    rootKey: ROOT_KEY,
    paymentHash: PAYMENT_HASH,
    tokenId: TOKEN_ID,
    service: "weather",
    tier: 1,
    validUntil: 1893456000,
    calls: 100,
    budgetMsat: 250000,
    paths: ["/forecast/*"],
    methods: ["get"],
    capabilities: ["read"],
  });

test("fixed root key + identifier + caveats mint the fixed token", () => {
  assert.equal(mint(), VECTOR);
});

test("the vector's signature is the textbook HMAC chain (independent of our code)", () => {
  let sig = createHmac("sha256", "macaroons-key-generator").update(Buffer.from(ROOT_KEY, "hex")).digest();
  sig = createHmac("sha256", sig)
    .update(Buffer.from(`0000${PAYMENT_HASH}${TOKEN_ID}`, "hex"))
    .digest();
  for (const c of CAVEATS) sig = createHmac("sha256", sig).update(c).digest();
  assert.equal(Buffer.from(VECTOR, "base64").subarray(-32).toString("hex"), sig.toString("hex"));
});

test("the vector decodes back: identifier and caveats, with ours and with the macaroon library", () => {
  const inspected = inspectToken(VECTOR);
  assert.deepEqual(inspected, {
    ok: true,
    version: 0,
    tokenId: TOKEN_ID,
    paymentHash: PAYMENT_HASH,
    services: [{ service: "weather", tier: 1 }],
    caveats: CAVEATS,
  });
  const m = macaroon.importMacaroon(VECTOR);
  assert.equal(Buffer.from(m.identifier).toString("hex"), `0000${PAYMENT_HASH}${TOKEN_ID}`);
  assert.deepEqual(
    m.caveats.map((c) => Buffer.from(c.identifier).toString()),
    CAVEATS,
  );
  const seen: string[] = [];
  m.verify(Buffer.from(ROOT_KEY, "hex"), (c) => {
    seen.push(c);
    return null;
  });
  assert.deepEqual(seen, CAVEATS);
});

test("the vector verifies to the granted values", () => {
  const result = verifyToken({ macaroons: [VECTOR], preimage: PREIMAGE }, ROOT_KEY, {
    service: "weather",
    now: 1893456000,
    method: "get",
    path: "/forecast/today",
    capability: "read",
  });
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.tokenId, TOKEN_ID);
  assert.equal(result.paymentHash, PAYMENT_HASH);
  assert.equal(result.tier, 1);
  assert.equal(result.validUntil, 1893456000);
  assert.equal(result.calls, 100);
  assert.equal(result.budgetMsat, 250000);
  assert.deepEqual(result.scope, { paths: ["/forecast/*"], methods: ["GET"], capabilities: ["read"] });
  assert.match(result.fingerprint, /^[0-9a-f]{32}$/);
});
