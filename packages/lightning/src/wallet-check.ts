/** What a connection test found: who answered, on which network, and what the credential allows. */
export interface WalletCheck {
  alias: string | null;
  network: string | null;
  /** e.g. make_invoice, lookup_invoice, pay_invoice (NWC); invoice, admin (LNbits). */
  capabilities: string[];
  /** True when the credential can spend: the dashboard warns that a leak could drain the wallet. */
  canSpend: boolean;
  latencyMs: number;
}
