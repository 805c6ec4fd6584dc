/** What the hot path needs from payments: decide on a priced request, and give a credit back. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TenantApi } from "../config/tenant-config";
import type { RoutePrice } from "../pricing/price-route";
import type { FreeTierSlot } from "../store/free-tier";

export interface PaidRequest {
  api: TenantApi;
  route: RoutePrice;
  method: string;
  path: string;
  clientKey: string;
  req: IncomingMessage;
  res: ServerResponse;
}

/** A consumed call (or a free-tier call), returned so it can be refunded when the upstream fails. */
export interface Grant {
  kind: "token" | "free_tier" | "time_pass";
  tokenId: string | null;
  /** Fingerprints charged, root first (token grants). */
  chain: string[];
  /** Sats this call is worth, for metering. */
  sats: number;
  msats: bigint;
  free: boolean;
  freeTierSlot?: FreeTierSlot;
}

export type PaywallDecision =
  | { kind: "granted"; grant: Grant }
  /** The paywall already answered (402, 401, 503…); `status` is for metering. */
  | { kind: "answered"; status: number; tokenId: string | null };

export interface Paywall {
  /** Synchronous when the answer needs no I/O (a warm token with calls leased here), else a promise. */
  authorize(request: PaidRequest): PaywallDecision | Promise<PaywallDecision>;
  refund(api: TenantApi, grant: Grant): Promise<void>;
}
