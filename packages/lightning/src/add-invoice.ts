/**
 * An invoice in one gRPC call: LND's AddInvoice, on ln-service's authenticated client.
 *
 * ln-service's createInvoice follows AddInvoice with a LookupInvoice and parses the BOLT11 twice,
 * each parse recovering the node's public key from the signature. In the gateway that cost
 * ~1.4 ms of CPU per 402 challenge and capped challenges near 700/s on one core. Everything a
 * challenge needs is in AddInvoice's answer already: the payment hash (r_hash) and the BOLT11.
 * The BOLT11's creation second and amount are read from its plain fields (no signature check: it
 * is our own node's answer, over its pinned TLS), so the expiry we report is the one signed in.
 */
import type { AuthenticatedLnd } from "ln-service";
import { LightningError } from "./backend";

export interface AddedInvoice {
  bolt11: string;
  paymentHash: string;
  /** The BOLT11's own creation time (the node's clock), to the second. */
  createdAt: Date;
  /** The amount in millisatoshis written into the BOLT11's human-readable part. */
  amountMsats: bigint;
}

interface AddInvoiceResponse {
  r_hash?: Buffer;
  payment_request?: string;
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
/** msat per unit of a BOLT11 amount: BTC with no multiplier, then milli, micro, nano, pico. */
const MSATS_PER_UNIT: Record<string, bigint> = {
  "": 100_000_000_000n,
  m: 100_000_000n,
  u: 100_000n,
  n: 100n,
};

/** Seconds since the epoch from the first 7 data characters after the last "1" (35 bits). */
export function bolt11Timestamp(bolt11: string): number | null {
  const sep = bolt11.lastIndexOf("1");
  if (sep < 0 || bolt11.length < sep + 8) return null;
  let seconds = 0;
  for (let i = sep + 1; i < sep + 8; i++) {
    const v = BECH32.indexOf(bolt11[i]!.toLowerCase());
    if (v < 0) return null;
    seconds = seconds * 32 + v;
  }
  return seconds;
}

/** The amount in msat from the human-readable part, e.g. `lnbcrt420n` → 42,000 msat. */
export function bolt11AmountMsats(bolt11: string): bigint | null {
  const hrp = bolt11.slice(0, bolt11.lastIndexOf("1")).toLowerCase();
  const m = /^ln[a-z]+?(\d+)([munp]?)$/.exec(hrp);
  if (!m) return null;
  const units = BigInt(m[1]!);
  if (m[2] === "p") return units % 10n === 0n ? units / 10n : null;
  return units * MSATS_PER_UNIT[m[2]!]!;
}

export function addInvoice(
  lnd: AuthenticatedLnd,
  request: { amountSats: number; memo: string; expirySeconds: number },
): Promise<AddedInvoice> {
  return new Promise((resolve, reject) => {
    lnd.default.addInvoice(
      {
        value_msat: String(BigInt(request.amountSats) * 1000n),
        memo: request.memo,
        expiry: request.expirySeconds,
      },
      (err: unknown, res: AddInvoiceResponse | undefined) => {
        if (err) return reject(err);
        const bolt11 = res?.payment_request;
        const hash = res?.r_hash;
        const seconds = bolt11 ? bolt11Timestamp(bolt11) : null;
        const amountMsats = bolt11 ? bolt11AmountMsats(bolt11) : null;
        if (
          !bolt11 ||
          !Buffer.isBuffer(hash) ||
          hash.length !== 32 ||
          seconds === null ||
          amountMsats === null
        ) {
          return reject(
            new LightningError("node_error", "The node answered AddInvoice without a usable invoice."),
          );
        }
        resolve({
          bolt11,
          paymentHash: hash.toString("hex"),
          createdAt: new Date(seconds * 1000),
          amountMsats,
        });
      },
    );
  });
}
