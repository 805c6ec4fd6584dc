import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { formatCredential, L402Error, MAX_CREDENTIAL_HEADER, parseCredential } from "../src/index";
import { makeToken } from "./fixtures";

const { macaroon: mac, preimage } = makeToken();

test("parses L402 and LSAT in any case, one or several macaroons, preimage in any case", () => {
  const cases: Array<[string, string[]]> = [
    [`L402 ${mac}:${preimage}`, [mac]],
    [`LSAT ${mac}:${preimage.toUpperCase()}`, [mac]],
    [`l402 ${mac}:${preimage}`, [mac]],
    [`lSaT   ${mac},${mac}:${preimage}  `, [mac, mac]],
    [`L402 ${mac}, ${mac}:${preimage}`, [mac, mac]],
  ];
  for (const [header, macaroons] of cases) {
    const r = parseCredential(header);
    assert.equal(r.ok, true, header.slice(0, 12));
    if (!r.ok) continue;
    assert.deepEqual(r.macaroons, macaroons);
    assert.equal(r.preimage, preimage.toLowerCase());
  }
  assert.equal(
    parseCredential(`LSAT ${mac}:${preimage}`).ok && parseCredential(`LSAT ${mac}:${preimage}`).ok,
    true,
  );
});

test("missing vs malformed: no header or another scheme is missing (→ 402), a bad L402 header is malformed (→ 401)", () => {
  for (const h of [undefined, null, "", "   ", "Bearer abc", "Basic dXNlcjpwYXNz"]) {
    const r = parseCredential(h);
    assert.ok(!r.ok && r.error.code === "missing", String(h));
  }
  for (const h of [
    "L402",
    "L402 ",
    `L402 ${mac}`,
    `L402 ${mac}:`,
    `L402 ${mac}:${preimage.slice(1)}`,
    `L402 ${mac}:${preimage}00`,
    `L402 :${preimage}`,
    `L402 ${mac},:${preimage}`,
    `L402 not*base64:${preimage}`,
    `L402 ${Array(5).fill(mac).join(",")}:${preimage}`,
    `L402 ${"A".repeat(4100)}:${preimage}`,
    `L402 ${"A".repeat(MAX_CREDENTIAL_HEADER)}:${preimage}`,
  ]) {
    const r = parseCredential(h);
    assert.ok(!r.ok && r.error.code === "malformed", h.slice(0, 60));
  }
});

test("formatCredential round-trips through parseCredential", () => {
  const header = formatCredential({ macaroon: mac, preimage: preimage.toUpperCase(), scheme: "LSAT" });
  assert.equal(header, `LSAT ${mac}:${preimage}`);
  const r = parseCredential(header);
  assert.ok(r.ok && r.scheme === "LSAT" && r.macaroons[0] === mac);
  assert.throws(() => formatCredential({ macaroons: [], preimage }), L402Error);
});

test("property: random and mutated headers never throw; ok results always satisfy the limits", () => {
  const good = `L402 ${mac}:${preimage}`;
  const mutated = fc
    .array(fc.record({ at: fc.nat(), text: fc.string({ maxLength: 4 }), del: fc.nat({ max: 4 }) }), {
      maxLength: 5,
    })
    .map((edits) =>
      edits.reduce(
        (s, e) => s.slice(0, e.at % (s.length + 1)) + e.text + s.slice((e.at % (s.length + 1)) + e.del),
        good,
      ),
    );
  const anyInput = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: "binary", maxLength: 300 }),
    mutated,
    fc.constant(`L402 ${":".repeat(9000)}`),
  );
  fc.assert(
    fc.property(anyInput, (input) => {
      const r = parseCredential(input);
      if (!r.ok) {
        assert.ok(r.error.code === "missing" || r.error.code === "malformed");
        return;
      }
      assert.ok(r.macaroons.length >= 1 && r.macaroons.length <= 4);
      assert.match(r.preimage, /^[0-9a-f]{64}$/);
      for (const m of r.macaroons) assert.match(m, /^[A-Za-z0-9+/_-]+={0,2}$/);
    }),
    { numRuns: 5000 },
  );
});

test("bounded: worst-case headers at and past the size limit return at once", { timeout: 10_000 }, () => {
  for (const h of [
    `L402 ${"A,".repeat(MAX_CREDENTIAL_HEADER / 2 - 4)}`,
    `L402 ${":".repeat(MAX_CREDENTIAL_HEADER - 6)}`,
    `L402 ${" ".repeat(MAX_CREDENTIAL_HEADER - 6)}x`,
    "L402 ".repeat(100_000),
  ]) {
    const r = parseCredential(h);
    assert.ok(!r.ok && r.error.code === "malformed");
  }
});
