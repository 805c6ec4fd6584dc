import type { WalletKind } from "@tollbooth/contract";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { sealSecret } from "../secrets";
import { toConnectionView } from "./connection-view";
import type { NodeCheck } from "./node";

/**
 * Stores a tested node as the tenant's Lightning connection (macaroon sealed) and points every
 * API of the tenant at it: a team is paid into one node at a time.
 */
export async function saveConnection(
  db: Db,
  user: SessionUser,
  tenantId: string,
  node: { kind: WalletKind; socket: string; tlsCert: string | null; macaroon: string },
  check: NodeCheck,
) {
  const sealed = sealSecret(tenantId, "node_macaroon", node.macaroon);
  const conn = await db.$transaction(async (tx) => {
    const created = await tx.lightningConnection.create({
      data: {
        tenantId,
        kind: node.kind,
        socket: node.socket,
        tlsCert: node.tlsCert,
        macaroonCipher: sealed.cipher,
        macaroonKeyVersion: sealed.keyVersion,
        nodePubkey: check.pubkey,
        lastHealthAt: new Date(),
        lastHealthOk: check.ok,
        lastHealthError: check.error,
        capabilities: check.capabilities,
      },
    });
    await tx.api.updateMany({ where: { tenantId }, data: { lightningConnectionId: created.id } });
    return created;
  });
  await recordAudit(db, {
    tenantId,
    actorId: user.id,
    action: "lightning.connected",
    target: node.socket,
    details: { kind: node.kind, pubkey: check.pubkey },
  });
  return toConnectionView(conn);
}
