import type { WalletKind } from "@tollbooth/contract";
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
    createdAt: c.createdAt.toISOString(),
  };
}
export type ConnectionView = ReturnType<typeof toConnectionView>;
