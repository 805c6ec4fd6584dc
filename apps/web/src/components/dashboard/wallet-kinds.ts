import type { WalletKind } from "@tollbooth/contract";

/** How the dashboard names each wallet kind and the secret kept for it (never shown). */
export const WALLET_LABEL: Record<WalletKind, string> = {
  lnd: "LND",
  simnet: "simnet",
  nwc: "NWC",
  lnbits: "LNbits",
};

export const SECRET_LABEL: Record<WalletKind, string> = {
  lnd: "Macaroon",
  simnet: "Macaroon",
  nwc: "Connection string",
  lnbits: "Invoice key",
};

export const SPEND_WARNING =
  "This credential can spend: anyone who obtains it could drain the wallet. Connect a receive-only credential instead.";
