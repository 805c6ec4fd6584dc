import type { WalletKind } from "@tollbooth/contract";
import { NWC_SPENDING_METHODS } from "@tollbooth/lightning";

/** NWC's spending methods, and LNbits' `admin` key: a stored credential with one could drain the wallet. */
const canSpend = (capabilities: string[]) =>
  capabilities.some((c) => c === "admin" || NWC_SPENDING_METHODS.includes(c));

/** What the dashboard sees of a Lightning connection: never the macaroon (nor the key or NWC string kept in its place). */
export function toConnectionView(c: {
  id: string;
  kind: WalletKind;
  socket: string;
  tlsCert: string | null;
  nodePubkey: string | null;
  lastHealthAt: Date | null;
  lastHealthOk: boolean | null;
  lastHealthError: string | null;
  capabilities?: string[];
  createdAt: Date;
}) {
  return {
    id: c.id,
    kind: c.kind,
    socket: c.socket,
    hasTlsCert: Boolean(c.tlsCert),
    macaroonMasked: "••••••••••••",
    nodePubkey: c.nodePubkey,
    lastHealthAt: c.lastHealthAt?.toISOString() ?? null,
    lastHealthOk: c.lastHealthOk,
    lastHealthError: c.lastHealthError,
    capabilities: c.capabilities ?? [],
    canSpend: canSpend(c.capabilities ?? []),
    createdAt: c.createdAt.toISOString(),
  };
}
export type ConnectionView = ReturnType<typeof toConnectionView>;
