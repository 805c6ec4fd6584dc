import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import bolt11 from "bolt11";
import { decode as lightDecode } from "light-bolt11-decoder";
import { parsePaymentRequest } from "ln-service";
import { encodeRegtestInvoice } from "../src/bolt11-encoder";
import { decodeInvoice, pubkeyOf, REGTEST } from "../src/invoice-codec";

/** The reference: what the simnet produced with the bolt11 package before the fast encoder. */
function referenceEncode(f: Parameters<typeof encodeRegtestInvoice>[0]): string {
  const unsigned = bolt11.encode({
    network: REGTEST,
    ...(f.valueMsat > 0n ? { millisatoshis: f.valueMsat.toString() } : {}),
    timestamp: f.createdAt,
    tags: [
      { tagName: "payment_hash", data: f.paymentHash.toString("hex") },
      { tagName: "payment_secret", data: f.paymentAddr.toString("hex") },
      { tagName: "description", data: f.memo },
      { tagName: "expire_time", data: f.expirySeconds },
      { tagName: "min_final_cltv_expiry", data: f.cltvExpiry },
      {
        tagName: "feature_bits",
        data: {
          word_length: 4,
          var_onion_optin: { required: true },
          payment_secret: { required: true },
          basic_mpp: { supported: true },
        },
      },
    ],
  });
  return bolt11.sign(unsigned, f.privateKey.toString("hex")).paymentRequest as string;
}

const AMOUNTS_MSAT = [
  0n,
  1n,
  10n,
  100n,
  1_000n,
  21_000n,
  123_456_789n,
  100_000n,
  250_000_000n,
  100_000_000_000n,
  2_100_000_000_000n,
];
const MEMOS = ["", "GET /weather", "ünïcødé ⚡ memo", "x".repeat(639)];

test("byte-identical to the bolt11 package for every amount unit, memo length and field size", () => {
  for (const valueMsat of AMOUNTS_MSAT) {
    for (const memo of MEMOS) {
      const fields = {
        privateKey: randomBytes(32),
        valueMsat,
        paymentHash: randomBytes(32),
        paymentAddr: randomBytes(32),
        memo,
        createdAt: 1_700_000_000 + Number(valueMsat % 977n),
        expirySeconds: memo.length % 2 ? 31_536_000 : 1,
        cltvExpiry: memo.length % 2 ? 18 : 80,
      };
      assert.equal(
        encodeRegtestInvoice(fields),
        referenceEncode(fields),
        `${valueMsat} msat, memo ${memo.length}`,
      );
    }
  }
});

test("ln-service, light-bolt11-decoder and bolt11 decode it and recover the node key from the signature", () => {
  const privateKey = randomBytes(32);
  const pubkey = pubkeyOf(privateKey.toString("hex"));
  const paymentHash = randomBytes(32);
  const request = encodeRegtestInvoice({
    privateKey,
    valueMsat: 21_000n,
    paymentHash,
    paymentAddr: randomBytes(32),
    memo: "GET /weather",
    createdAt: Math.floor(Date.now() / 1000),
    expirySeconds: 600,
    cltvExpiry: 80,
  });
  assert.match(request, /^lnbcrt210n1/);

  const parsed = parsePaymentRequest({ request });
  assert.equal(parsed.destination, pubkey);
  assert.equal(parsed.id, paymentHash.toString("hex"));
  assert.equal(parsed.tokens, 21);
  assert.equal(parsed.description, "GET /weather");
  assert.equal(parsed.network, "regtest");

  const light = lightDecode(request);
  const hashSection = light.sections.find((s) => s.name === "payment_hash");
  assert.equal(
    hashSection && "value" in hashSection ? hashSection.value : undefined,
    paymentHash.toString("hex"),
  );
  assert.equal(light.sections.find((s) => s.name === "amount")?.value, "21000");

  const ours = decodeInvoice(request);
  assert.equal(ours.destination, pubkey);
  assert.equal(ours.valueMsat, 21_000n);
});

test("a changed character breaks the checksum or the signature", () => {
  const request = encodeRegtestInvoice({
    privateKey: randomBytes(32),
    valueMsat: 5_000n,
    paymentHash: randomBytes(32),
    paymentAddr: randomBytes(32),
    memo: "m",
    createdAt: 1_700_000_000,
    expirySeconds: 60,
    cltvExpiry: 80,
  });
  const at = request.length - 20;
  const tampered = `${request.slice(0, at)}${request[at] === "q" ? "p" : "q"}${request.slice(at + 1)}`;
  assert.throws(() => decodeInvoice(tampered));
});
