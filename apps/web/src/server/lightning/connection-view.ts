import type { WalletKind } from "@tollbooth/contract";
/** What the dashboard sees of a Lightning connection: never the macaroon. */
export function toConnectionView(c: {
  id: string;
  kind: WalletKind;
  socket: string;
  tlsCert: string | null;
  nodePubkey: string | null;
  /** What the credential allowed at the last test (NWC methods, …); never the credential itself. */
  capabilities?: string[] | null;
  lastHealthAt: Date | null;
  lastHealthOk: boolean | null;
  lastHealthError: string | null;
  createdAt: Date;
}) {
  return {
    id: c.id,
    kind: c.kind,
    socket: c.socket,
    hasTlsCert: Boolean(c.tlsCert),
    macaroonMasked: "••••••••••••",
    nodePubkey: c.nodePubkey,
    capabilities: c.capabilities ?? [],
    lastHealthAt: c.lastHealthAt?.toISOString() ?? null,
    lastHealthOk: c.lastHealthOk,
    lastHealthError: c.lastHealthError,
    createdAt: c.createdAt.toISOString(),
  };
}
export type ConnectionView = ReturnType<typeof toConnectionView>;
