// ln-service ships no types; it re-exports the `lightning` package, which does (same file as in @tollbooth/lightning).
declare module "ln-service" {
  export * from "lightning";
  export function parsePaymentRequest(args: { request: string }): {
    created_at: string;
    description?: string;
    destination: string;
    expires_at: string;
    id: string;
    is_expired: boolean;
    mtokens?: string;
    network: string;
    tokens: number;
  };
}
