/** The paste-the-preimage check and the settlement poll's backoff, as the Try it page runs them. */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import { checkPreimage } from "../src/components/hub/try-it-preimage";
import { pollDelay } from "../src/components/hub/try-it-settlement";

const preimage = randomBytes(32).toString("hex");
const paymentHash = createHash("sha256").update(Buffer.from(preimage, "hex")).digest("hex");

test("the preimage of this invoice is accepted, in any case, with whitespace or a 0x prefix", async () => {
  assert.deepEqual(await checkPreimage(preimage, paymentHash), { ok: true, preimage });
  assert.deepEqual(await checkPreimage(` 0x${preimage.toUpperCase()}\n`, paymentHash), {
    ok: true,
    preimage,
  });
  const spaced = preimage.replace(/(.{8})/g, "$1 ");
  assert.deepEqual(await checkPreimage(spaced, paymentHash), { ok: true, preimage });
});

test("a preimage of another invoice is refused before anything is sent", async () => {
  const other = randomBytes(32).toString("hex");
  const checked = await checkPreimage(other, paymentHash);
  assert.equal(checked.ok, false);
  assert.match(!checked.ok ? checked.message : "", /not for this invoice/);
  // The payment hash itself is not its own preimage.
  assert.equal((await checkPreimage(paymentHash, paymentHash)).ok, false);
});

test("anything but 64 hex characters is refused with a message", async () => {
  for (const bad of [
    "",
    "   ",
    preimage.slice(0, 63),
    `${preimage}0`,
    `${preimage.slice(0, 63)}g`,
    "zz".repeat(32),
  ]) {
    const checked = await checkPreimage(bad, paymentHash);
    assert.equal(checked.ok, false, bad);
    assert.ok(!checked.ok && checked.message.length > 0);
  }
});

test("without a known payment hash nothing can be checked, so nothing is accepted", async () => {
  assert.equal((await checkPreimage(preimage, null)).ok, false);
  assert.equal((await checkPreimage(preimage, "not-a-hash")).ok, false);
});

test("the settlement poll asks every second at first, then backs off to every 5 s", () => {
  for (let n = 0; n < 20; n++) assert.equal(pollDelay(n), 1_000);
  for (let n = 20; n < 40; n++) {
    assert.ok(pollDelay(n) >= pollDelay(n - 1), `poll ${n}`);
    assert.ok(pollDelay(n) <= 5_000);
  }
  assert.equal(pollDelay(1_000), 5_000);
});
