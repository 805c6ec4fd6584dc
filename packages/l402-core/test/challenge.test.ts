import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { formatChallenge, L402Error, MAX_CHALLENGE_INPUT, parseChallenge } from "../src/index";
import { makeToken } from "./fixtures";

const mac = makeToken().macaroon; // real base64 with "+", "/" and "=" in it
const inv =
  "lnbcrt210n1p4spsfrpp5f2c0vp822r08c9r48ckafhkf7upwarsrd2xpysh9cvs5pz5lzesssp5q75m4kx57g7890w7nfutwrajn3ns4rzjd9vpu5kjqg6z50tv4trs";

test("formats the two WWW-Authenticate values exactly as docs/contract.md: LSAT first, then L402", () => {
  assert.deepEqual(formatChallenge({ macaroon: mac, invoice: inv }), [
    `LSAT macaroon="${mac}", invoice="${inv}"`,
    `L402 macaroon="${mac}", invoice="${inv}"`,
  ]);
  assert.throws(() => formatChallenge({ macaroon: 'a"b', invoice: inv }), L402Error);
});

const accepted: Array<[string, string | string[]]> = [
  ["ours, as two header values", formatChallenge({ macaroon: mac, invoice: inv })],
  ["ours, joined by fetch's Headers.get", formatChallenge({ macaroon: mac, invoice: inv }).join(", ")],
  [
    "aperture (LSAT then L402 headers)",
    [`LSAT macaroon="${mac}", invoice="${inv}"`, `L402 macaroon="${mac}", invoice="${inv}"`],
  ],
  ["L402 spec: version and token", `L402 version="0", token="${mac}", invoice="${inv}"`],
  ["Fewsats: space separated, unquoted", `L402 macaroon=${mac} invoice=${inv}`],
  ["reordered, lowercase scheme, extra params", `l402 invoice="${inv}" , realm="api", macaroon="${mac}"`],
  ["LSAT only", `LSAT macaroon="${mac}", invoice="${inv}"`],
  [
    "among other schemes",
    [`Bearer realm="x"`, `Payment id="1", method="lightning"`, `L402 token="${mac}", invoice="${inv}"`],
  ],
];

for (const [name, header] of accepted) {
  test(`parses: ${name}`, () => {
    const r = parseChallenge(header);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.macaroon, mac);
    assert.equal(r.invoice, inv);
  });
}

test("prefers L402 over LSAT and reports every challenge and the version", () => {
  const r = parseChallenge([
    `LSAT macaroon="AAAA", invoice="${inv}"`,
    `L402 version="0", token="${mac}", invoice="${inv}"`,
  ]);
  assert.ok(r.ok);
  assert.equal(r.scheme, "L402");
  assert.equal(r.macaroon, mac);
  assert.equal(r.version, "0");
  assert.equal(r.challenges.length, 2);
});

test("refuses what has no usable challenge, with a typed error", () => {
  for (const bad of [
    null,
    undefined,
    "",
    [],
    "Bearer x=1",
    `L402 macaroon="${mac}"`,
    `L402 invoice="${inv}"`,
    `L402 macaroon="not base64!", invoice="${inv}"`,
    `L402 macaroon="${mac}", invoice="notaninvoice"`,
    "x".repeat(MAX_CHALLENGE_INPUT + 1),
  ]) {
    const r = parseChallenge(bad as string);
    assert.equal(r.ok, false, String(bad).slice(0, 40));
    if (!r.ok) assert.equal(r.error.code, "malformed");
  }
});

test("property: random and mutated headers never throw and always return a typed result", () => {
  const good = formatChallenge({ macaroon: mac, invoice: inv }).join(", ");
  const mutated = fc
    .array(fc.record({ at: fc.nat(), text: fc.string({ maxLength: 5 }), del: fc.nat({ max: 5 }) }), {
      maxLength: 6,
    })
    .map((edits) =>
      edits.reduce(
        (s, e) => s.slice(0, e.at % (s.length + 1)) + e.text + s.slice((e.at % (s.length + 1)) + e.del),
        good,
      ),
    );
  const anyInput = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ unit: "binary", maxLength: 400 }),
    fc.array(fc.string({ maxLength: 100 }), { maxLength: 5 }),
    mutated,
    fc.constantFrom('L402 macaroon="', "L402 ,,,,", 'L402 a="\\', "=".repeat(500), '"'.repeat(500)),
  );
  fc.assert(
    fc.property(anyInput, (input) => {
      const r = parseChallenge(input);
      assert.equal(typeof r.ok, "boolean");
      if (!r.ok) assert.equal(r.error.code, "malformed");
      else assert.ok(r.macaroon.length > 0 && r.invoice.length > 0);
    }),
    { numRuns: 5000 },
  );
});

test("bounded: input at the size limit made of worst-case tokens parses in one linear pass", {
  timeout: 10_000,
}, () => {
  const worst = [
    '"'.repeat(MAX_CHALLENGE_INPUT),
    "a=".repeat(MAX_CHALLENGE_INPUT / 2),
    'L402 a="\\'.repeat(MAX_CHALLENGE_INPUT / 9),
  ];
  for (const w of worst) assert.equal(parseChallenge(w).ok, false);
});
