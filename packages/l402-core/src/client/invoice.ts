import { decode } from "light-bolt11-decoder";

export interface InvoiceFacts {
  /** undefined for an amountless invoice */
  amountMsat?: bigint;
  paymentHash: string;
}

/** Reads amount and payment hash from a BOLT11 invoice; undefined when it does not decode. */
export function readInvoice(bolt11: string): InvoiceFacts | undefined {
  try {
    const sections = decode(bolt11).sections;
    let amount: string | undefined;
    let paymentHash: string | undefined;
    for (const s of sections) {
      if (s.name === "amount") amount = s.value;
      if (s.name === "payment_hash") paymentHash = s.value;
    }
    if (!paymentHash || !/^[0-9a-f]{64}$/.test(paymentHash)) return undefined;
    const facts: InvoiceFacts = { paymentHash };
    if (amount !== undefined && /^[0-9]+$/.test(amount)) facts.amountMsat = BigInt(amount);
    return facts;
  } catch {
    return undefined;
  }
}
