/**
 * Interop with Alby's lightning-tools (parseL402 and its paying fetchWithL402) against a real
 * loopback server built on this library, and with the challenge formats of aperture, the L402
 * spec and Fewsats. (lsat-js cannot be installed here: it depends on a git repository.)
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fetchWithL402 as albyFetchWithL402, parseL402 } from "@getalby/lightning-tools/402";
import { formatChallenge, parseChallenge, readInvoice } from "../src/index";
import { makeToken } from "./fixtures";
import { type PaidServer, signInvoice, startPaidServer } from "./support/paid-server";

const servers: PaidServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const { macaroon, paymentHash } = makeToken();
const invoice = signInvoice(paymentHash, 21);

test("Alby's parseL402 reads each challenge we format, and both joined as fetch joins them", () => {
  const values = formatChallenge({ macaroon, invoice });
  for (const value of [...values, values.join(", ")]) {
    const parsed = parseL402(value);
    assert.equal(parsed.token, macaroon);
    assert.equal(parsed.invoice, invoice);
  }
});

test("Alby's fetchWithL402 pays our server and gets the paid response", async () => {
  const server = await startPaidServer({ priceSats: 21 });
  servers.push(server);
  let paid = 0;
  const wallet = {
    async payInvoice({ invoice: bolt11 }: { invoice: string }) {
      paid++;
      const preimage = server.ledger.get(readInvoice(bolt11)?.paymentHash ?? "");
      if (!preimage) throw new Error("unknown invoice");
      return { preimage };
    },
  };
  const res = await albyFetchWithL402(`${server.url}/weather/forecast`, {}, { wallet });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true, path: "/weather/forecast", body: "" });
  assert.equal(paid, 1);
  // Alby answers in the scheme of the first challenge (LSAT); our server accepted it.
  assert.match(server.requests[1]?.authorization ?? "", /^(LSAT|L402) /);
});

test("aperture's format: two headers, LSAT first", () => {
  const r = parseChallenge([
    `LSAT macaroon="${macaroon}", invoice="${invoice}"`,
    `L402 macaroon="${macaroon}", invoice="${invoice}"`,
  ]);
  assert.ok(
    r.ok &&
      r.scheme === "L402" &&
      r.macaroon === macaroon &&
      r.invoice === invoice &&
      r.challenges.length === 2,
  );
});

test('the L402 spec\'s format: version="0", token=', () => {
  const r = parseChallenge(`L402 version="0", token="${macaroon}", invoice="${invoice}"`);
  assert.ok(r.ok && r.version === "0" && r.macaroon === macaroon && r.invoice === invoice);
});

test("Fewsats' format: space separated, unquoted", () => {
  const r = parseChallenge(`L402 macaroon=${macaroon} invoice=${invoice}`);
  assert.ok(r.ok && r.macaroon === macaroon && r.invoice === invoice);
});
