/**
 * The Lightning backend interface: everything the gateway, the web app and the CLI need from a
 * node. One implementation (`LndBackend`, on ln-service) serves LND in production and the simnet
 * in development and tests, because the simnet speaks LND's gRPC API.
 */

export interface NodeCredentials {
  /** host:port of the node's gRPC endpoint. */
  socket: string;
  /** base64 of the PEM TLS certificate (as LND's tls.cert, base64-encoded). */
  tlsCert?: string;
  /** hex or base64 macaroon. */
  macaroon: string;
  /**
   * The already-checked IP address to dial instead of letting gRPC resolve `socket`'s host
   * (TLS still verifies that host name). Set through a `NodeDial` (see createLndBackend).
   */
  dialAddress?: string;
}

/**
 * Resolves a node socket once, through the caller's address rules, to the IP to dial; throws (any
 * error) to refuse. Called before the first call and again whenever the node was unreachable,
 * so every new connection is checked and pinned, and gRPC never resolves the name itself.
 */
export type NodeDial = (socket: string) => Promise<string>;

export interface CreatedInvoice {
  bolt11: string;
  /** lowercase hex sha256(preimage). */
  paymentHash: string;
  amountSats: number;
  expiresAt: Date;
}

export type InvoiceState = "pending" | "settled" | "canceled" | "expired";

export interface InvoiceStatus {
  paymentHash: string;
  state: InvoiceState;
  amountSats: number;
  receivedMsats: bigint;
  /** LND's settle index; set once settled. */
  settleIndex?: bigint;
  settledAt?: Date;
  /**
   * lowercase hex; set once settled when the wallet reports it (LND, NWC and LNbits do): the
   * receiver made it, and it lets a payer who paid from elsewhere (a phone, by QR) finish the call.
   */
  preimage?: string;
}

export interface Settlement {
  paymentHash: string;
  receivedMsats: bigint;
  settleIndex: bigint;
  settledAt: Date;
}

export interface NodeHealth {
  ok: boolean;
  pubkey?: string;
  alias?: string;
  error?: string;
  /** Set when ok is false. */
  code?: LightningErrorCode;
  latencyMs: number;
}

export interface PaymentResult {
  /** lowercase hex. sha256(preimage) === paymentHash. */
  preimage: string;
  paymentHash: string;
  feeSats: number;
}

export interface SettlementSubscription {
  close(): void;
}

export interface LightningBackend {
  createInvoice(args: { amountSats: number; memo: string; expirySeconds: number }): Promise<CreatedInvoice>;
  lookupInvoice(paymentHash: string): Promise<InvoiceStatus>;
  /**
   * Calls onSettlement for every settlement with settle index > afterSettleIndex, in order, exactly
   * once per subscription: it reconciles with a list call on (re)connect, then follows the stream,
   * and reconnects by itself after a disconnect.
   */
  subscribeSettlements(args: {
    afterSettleIndex: bigint;
    onSettlement: (s: Settlement) => void | Promise<void>;
    onError?: (err: LightningError) => void;
  }): SettlementSubscription;
  health(): Promise<NodeHealth>;
  pay(args: { bolt11: string; maxFeeSats: number }): Promise<PaymentResult>;
  /** Spendable off-chain balance (needs offchain:read): for builder wallets. */
  balance?(): Promise<WalletBalance>;
  /** Lets go of shared resources (an NWC backend's relay connection); the backend is not used after. */
  close?(): void;
}

export interface WalletBalance {
  sats: number;
  msats: bigint;
}

export type LightningErrorCode =
  | "unreachable"
  | "unauthenticated"
  | "permission_denied"
  | "invoice_expired"
  | "invoice_not_found"
  | "already_paid"
  | "insufficient_balance"
  | "payment_failed"
  | "admin_macaroon"
  | "timeout"
  | "invalid_request"
  /** The node's address is not one we may dial (a private address in production, the stack's own ports). */
  | "forbidden_address"
  /** The node answered, but not with what the API promises (a malformed or mismatched reply). */
  | "node_error";

export class LightningError extends Error {
  constructor(
    readonly code: LightningErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "LightningError";
  }
}

/** The health every wallet kind reports when its check failed (anything not a LightningError is node_error). */
export function unhealthy(err: unknown, latencyMs: number): NodeHealth {
  const e = err instanceof LightningError ? err : new LightningError("node_error", String(err), err);
  return { ok: false, error: e.message, code: e.code, latencyMs };
}
