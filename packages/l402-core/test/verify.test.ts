import assert from "node:assert/strict";
import { test } from "node:test";
import { type VerifyContext, type VerifyResult, verifyToken } from "../src/index";
import { craftToken, makeToken, NOW } from "./fixtures";

const ctx: VerifyContext = { service: "weather", now: NOW, method: "GET", path: "/forecast" };
const codeOf = (r: VerifyResult) => (r.ok ? "ok" : r.code);

test("a minted token verifies and reports its grant", () => {
  const t = makeToken({ paths: ["/forecast/*"], methods: ["GET"] });
  const r = verifyToken(t.credential, t.rootKey, ctx);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.service, "weather");
  assert.equal(r.calls, 10);
  assert.equal(r.budgetMsat, 100_000);
  assert.equal(r.validUntil, NOW + 3600);
  assert.deepEqual(r.scope, { paths: ["/forecast/*"], methods: ["GET"] });
  assert.equal(r.paymentHash, t.paymentHash);
  assert.equal(r.limits.length, 2);
  assert.equal(r.limits[0]?.calls, 10);
  assert.equal(r.limits[1]?.budgetMsat, 100_000);
});

test("root key as hex and preimage in upper case work too", () => {
  const t = makeToken();
  const r = verifyToken(
    { macaroons: [t.macaroon], preimage: t.preimage.toUpperCase() },
    t.rootKey.toString("hex"),
    ctx,
  );
  assert.equal(r.ok, true);
});

test("malformed: garbage, truncation, no macaroon, several macaroons, bad preimage text", () => {
  const t = makeToken();
  const bytes = Buffer.from(t.macaroon, "base64");
  for (const m of [
    "",
    "!!!",
    "AgE",
    bytes.subarray(0, bytes.length - 1).toString("base64"),
    Buffer.concat([bytes, Buffer.of(0)]).toString("base64"),
  ]) {
    assert.equal(
      codeOf(verifyToken({ macaroons: [m], preimage: t.preimage }, t.rootKey, ctx)),
      "malformed",
      m,
    );
  }
  assert.equal(codeOf(verifyToken({ macaroons: [], preimage: t.preimage }, t.rootKey, ctx)), "malformed");
  assert.equal(
    codeOf(verifyToken({ macaroons: [t.macaroon, t.macaroon], preimage: t.preimage }, t.rootKey, ctx)),
    "malformed",
  );
  assert.equal(
    codeOf(verifyToken({ macaroons: [t.macaroon], preimage: "xyz" }, t.rootKey, ctx)),
    "malformed",
  );
  // biome-ignore lint/suspicious/noExplicitAny: hostile input from untyped callers
  assert.equal(codeOf(verifyToken(null as any, t.rootKey, ctx)), "malformed");
});

test("malformed / unsupported_version: identifiers that are not the 66-byte version-0 layout", () => {
  const short = craftToken(["services=weather:0"], { identifier: Buffer.alloc(40) });
  assert.equal(codeOf(verifyToken(short.credential, short.rootKey, ctx)), "malformed");
  const v1 = craftToken(["services=weather:0"], {
    identifier: Buffer.concat([Buffer.of(0, 1), Buffer.alloc(64)]),
  });
  assert.equal(codeOf(verifyToken(v1.credential, v1.rootKey, ctx)), "unsupported_version");
});

test("bad_signature: wrong root key, flipped signature bit, edited caveat", () => {
  const t = makeToken();
  assert.equal(codeOf(verifyToken(t.credential, makeToken().rootKey, ctx)), "bad_signature");
  const bytes = Buffer.from(t.macaroon, "base64");
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
  assert.equal(
    codeOf(verifyToken({ macaroons: [flipped.toString("base64")], preimage: t.preimage }, t.rootKey, ctx)),
    "bad_signature",
  );
  const edited = Buffer.from(
    bytes.toString("latin1").replace("weather_calls=10", "weather_calls=90"),
    "latin1",
  );
  assert.equal(
    codeOf(verifyToken({ macaroons: [edited.toString("base64")], preimage: t.preimage }, t.rootKey, ctx)),
    "bad_signature",
  );
});

test("bad_preimage: a preimage of another payment", () => {
  const t = makeToken();
  assert.equal(
    codeOf(verifyToken({ macaroons: [t.macaroon], preimage: makeToken().preimage }, t.rootKey, ctx)),
    "bad_preimage",
  );
});

test("unknown_caveat: unknown key, unknown kind, a slug the token does not name, third-party caveats", () => {
  for (const caveats of [
    ["services=weather:0", "ip=1.2.3.4"],
    ["services=weather:0", "weather_colour=red"],
    ["services=weather:0", "other_calls=5"],
    ["services=weather:0", "no-equals-sign"],
  ]) {
    const t = craftToken(caveats);
    assert.equal(codeOf(verifyToken(t.credential, t.rootKey, ctx)), "unknown_caveat", caveats.join(" "));
  }
  const tp = craftToken(["services=weather:0"], { thirdParty: true });
  assert.equal(codeOf(verifyToken(tp.credential, tp.rootKey, ctx)), "unknown_caveat");
});

test("invalid_caveat: a known caveat with a bad value", () => {
  for (const c of [
    "services=Weather",
    "weather_valid_until=soon",
    "weather_calls=-1",
    "weather_paths=nope",
    "weather_methods=get",
  ]) {
    const t = craftToken(c.startsWith("services") ? [c] : ["services=weather:0", c]);
    assert.equal(codeOf(verifyToken(t.credential, t.rootKey, ctx)), "invalid_caveat", c);
  }
});

test("caveat_widened: a later caveat may only narrow", () => {
  for (const [a, b] of [
    ["weather_valid_until=1800000100", "weather_valid_until=1800000200"],
    ["weather_calls=5", "weather_calls=6"],
    ["weather_budget_msat=1000", "weather_budget_msat=1001"],
    ["weather_paths=/forecast/*", "weather_paths=/*"],
    ["weather_methods=GET", "weather_methods=GET,POST"],
    ["weather_capabilities=read", "weather_capabilities=read,write"],
  ]) {
    const t = craftToken(["services=weather:0", a as string, b as string]);
    assert.equal(codeOf(verifyToken(t.credential, t.rootKey, ctx)), "caveat_widened", `${a} then ${b}`);
    const narrowed = craftToken(["services=weather:0", b as string, a as string]);
    assert.notEqual(codeOf(verifyToken(narrowed.credential, narrowed.rootKey, ctx)), "caveat_widened");
  }
  const services = craftToken(["services=weather:0", "services=weather:0,other:0"]);
  assert.equal(codeOf(verifyToken(services.credential, services.rootKey, ctx)), "caveat_widened");
});

test("expired: after valid_until, also when a later caveat shortened it", () => {
  const t = makeToken({ validUntil: NOW - 1 });
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, ctx)), "expired");
  const shortened = craftToken([
    "services=weather:0",
    `weather_valid_until=${NOW + 100}`,
    `weather_valid_until=${NOW - 100}`,
  ]);
  assert.equal(codeOf(verifyToken(shortened.credential, shortened.rootKey, ctx)), "expired");
});

test("wrong_service: another tenant's token, or a token naming no service", () => {
  const t = makeToken({ service: "stocks" });
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, ctx)), "wrong_service");
  const none = craftToken([]);
  assert.equal(codeOf(verifyToken(none.credential, none.rootKey, ctx)), "wrong_service");
  const narrowedAway = craftToken(["services=weather:0,stocks:0", "services=stocks:0"]);
  assert.equal(codeOf(verifyToken(narrowedAway.credential, narrowedAway.rootKey, ctx)), "wrong_service");
});

test("out_of_scope: path, method, capability", () => {
  const t = makeToken({ paths: ["/forecast/*"], methods: ["GET"], capabilities: ["read"] });
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, { ...ctx, path: "/admin" })), "out_of_scope");
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, { ...ctx, method: "DELETE" })), "out_of_scope");
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, { ...ctx, capability: "write" })), "out_of_scope");
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, { ...ctx, capability: "read" })), "ok");
});

test("caveats for another service the token names are checked for form, not applied", () => {
  const t = craftToken(["services=weather:0,stocks:2", "stocks_valid_until=1", "weather_calls=3"]);
  const r = verifyToken(t.credential, t.rootKey, ctx);
  assert.equal(codeOf(r), "ok");
  if (r.ok) assert.equal(r.calls, 3);
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, { ...ctx, service: "stocks" })), "expired");
});

test("check order: signature before preimage before caveats", () => {
  const t = craftToken(["bogus"]);
  assert.equal(
    codeOf(
      verifyToken({ macaroons: [t.macaroon], preimage: makeToken().preimage }, makeToken().rootKey, ctx),
    ),
    "bad_signature",
  );
  assert.equal(
    codeOf(verifyToken({ macaroons: [t.macaroon], preimage: makeToken().preimage }, t.rootKey, ctx)),
    "bad_preimage",
  );
  assert.equal(codeOf(verifyToken(t.credential, t.rootKey, ctx)), "unknown_caveat");
});
