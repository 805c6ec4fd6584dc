// The parts of the `bolt11` package (1.4.1, untyped) the test server uses to sign real invoices.
declare module "bolt11" {
  export interface PaymentRequestObject {
    paymentRequest?: string;
  }
  export function encode(input: {
    network?: { bech32: string; pubKeyHash: number; scriptHash: number; validWitnessVersions: number[] };
    satoshis?: number;
    millisatoshis?: string;
    timestamp?: number;
    tags: Array<{ tagName: string; data: unknown }>;
  }): PaymentRequestObject;
  export function sign(request: PaymentRequestObject, privateKey: string): PaymentRequestObject;
  const bolt11: { encode: typeof encode; sign: typeof sign };
  export default bolt11;
}
