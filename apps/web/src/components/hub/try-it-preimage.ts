/**
 * The paste-the-preimage fallback: a visitor whose wallet shows the payment's preimage (proof of
 * payment) pastes it, and it is checked here before anything is sent — 32 bytes of hex whose
 * sha256 is the invoice's payment hash — so a typo gets a clear message instead of a 401, and a
 * wrong value never reaches the gateway. WebCrypto: the page is HTTPS (or localhost) wherever it runs.
 */
export type PreimageCheck = { ok: true; preimage: string } | { ok: false; message: string };

const HEX64 = /^[0-9a-f]{64}$/;

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function checkPreimage(pasted: string, paymentHash: string | null): Promise<PreimageCheck> {
  // Wallets show it with spaces, line breaks or a 0x prefix now and then; nothing else is forgiven.
  const preimage = pasted.replace(/\s+/g, "").replace(/^0x/i, "").toLowerCase();
  if (preimage.length === 0)
    return { ok: false, message: "Paste the preimage your wallet shows for this payment." };
  if (!HEX64.test(preimage)) {
    return { ok: false, message: "A preimage is 64 hexadecimal characters (0-9, a-f)." };
  }
  if (!paymentHash || !HEX64.test(paymentHash)) {
    return {
      ok: false,
      message: "This invoice's payment hash is unknown, so the preimage cannot be checked.",
    };
  }
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    return { ok: false, message: "This browser cannot check a preimage on this page (it needs HTTPS)." };
  const hashed = bytesToHex(await subtle.digest("SHA-256", hexToBytes(preimage)));
  if (hashed !== paymentHash.toLowerCase()) {
    return { ok: false, message: "That preimage is not for this invoice (its hash does not match)." };
  }
  return { ok: true, preimage };
}
