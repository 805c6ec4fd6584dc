import { createECDH } from "node:crypto";
import bolt11 from "bolt11";
import { encodeRegtestInvoice } from "./bolt11-encoder";

/** BOLT11 for the regtest chain (`lnbcrt…`), signed with the node's secp256k1 key. */
export const REGTEST = { bech32: "bcrt", pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] };

export function pubkeyOf(privateKeyHex: string): string {
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(Buffer.from(privateKeyHex, "hex"));
  return ecdh.getPublicKey("hex", "compressed");
}

/** Signs a regtest invoice for the node key (see bolt11-encoder.ts for why not `bolt11.sign`). */
export function encodeInvoice(args: {
  privateKeyHex: string;
  valueMsat: bigint;
  paymentHash: string;
  paymentAddr: string;
  memo: string;
  createdAt: number;
  expirySeconds: number;
  cltvExpiry: number;
}): string {
  return encodeRegtestInvoice({
    ...args,
    privateKey: Buffer.from(args.privateKeyHex, "hex"),
    paymentHash: Buffer.from(args.paymentHash, "hex"),
    paymentAddr: Buffer.from(args.paymentAddr, "hex"),
  });
}

export interface DecodedInvoice {
  destination: string;
  paymentHash: string;
  paymentAddr: string;
  valueMsat: bigint;
  memo: string;
  createdAt: number;
  expirySeconds: number;
  cltvExpiry: number;
}

/** Throws on anything that is not a well-formed, signed regtest invoice. */
export function decodeInvoice(request: string): DecodedInvoice {
  const decoded = bolt11.decode(request, REGTEST);
  const tag = (name: string) => decoded.tags.find((t) => t.tagName === name)?.data;
  const paymentHash = tag("payment_hash");
  if (typeof paymentHash !== "string" || !decoded.payeeNodeKey)
    throw new Error("invoice lacks a payment hash");
  return {
    destination: decoded.payeeNodeKey,
    paymentHash,
    paymentAddr: typeof tag("payment_secret") === "string" ? (tag("payment_secret") as string) : "",
    valueMsat: BigInt(decoded.millisatoshis ?? "0"),
    memo: typeof tag("description") === "string" ? (tag("description") as string) : "",
    createdAt: decoded.timestamp ?? 0,
    expirySeconds: typeof tag("expire_time") === "number" ? (tag("expire_time") as number) : 3600,
    cltvExpiry:
      typeof tag("min_final_cltv_expiry") === "number" ? (tag("min_final_cltv_expiry") as number) : 18,
  };
}
