/**
 * The kinds of wallet a provider can connect (the `lightning_kind` enum in Postgres). `simnet` is
 * LND's gRPC API served by the development network; `nwc` is Nostr Wallet Connect (NIP-47);
 * `lnbits` is an LNbits instance's REST API.
 */
export const WALLET_KINDS = ["lnd", "simnet", "nwc", "lnbits"] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];

export function isWalletKind(value: unknown): value is WalletKind {
  return typeof value === "string" && (WALLET_KINDS as readonly string[]).includes(value);
}
