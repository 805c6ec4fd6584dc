import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { openSecret } from "../secrets";
import { requireOwnedConnection } from "../tenants/access";
import { testLnbits } from "./connect-lnbits";
import { testNwc } from "./connect-nwc";
import { toConnectionView } from "./connection-view";
import { type NodeCheck, testNode } from "./node";

export const ZConnectionIdSchema = z.object({ connectionId: z.string().uuid() });

/** Re-runs the live connection test with the stored (sealed) macaroon and records the result. */
export async function testConnection(db: Db, user: SessionUser, connectionId: string) {
  const conn = await requireOwnedConnection(db, user, connectionId);
  const macaroon = openSecret(conn.tenantId, "node_macaroon", conn.macaroonCipher, conn.macaroonKeyVersion);
  const check: NodeCheck =
    conn.kind === "lnbits"
      ? await testLnbits({ url: conn.socket, key: macaroon })
      : conn.kind === "nwc"
        ? await testNwc(macaroon)
        : await testNode({ socket: conn.socket, tlsCert: conn.tlsCert ?? undefined, macaroon });
  const updated = await db.lightningConnection.update({
    where: { id: conn.id },
    data: {
      lastHealthAt: new Date(),
      lastHealthOk: check.ok,
      lastHealthError: check.error,
      nodePubkey: check.pubkey ?? conn.nodePubkey,
      ...(check.ok ? { capabilities: check.capabilities } : {}),
    },
  });
  await recordAudit(db, {
    tenantId: conn.tenantId,
    actorId: user.id,
    action: "lightning.tested",
    target: conn.socket,
    details: { ok: check.ok, latencyMs: check.latencyMs },
  });
  return {
    ...toConnectionView(updated),
    latencyMs: check.latencyMs,
    alias: check.alias,
    network: check.network,
    canSpend: check.canSpend,
  };
}

export async function removeConnection(db: Db, user: SessionUser, connectionId: string) {
  const conn = await requireOwnedConnection(db, user, connectionId);
  const history = await db.challenge.count({ where: { lightningConnectionId: conn.id } });
  if (history > 0) {
    throw new AppError(
      "conflict",
      "This node has payment history, so it stays for the record. Connect a new node instead; your APIs move to it.",
    );
  }
  await db.$transaction(async (tx) => {
    // Nothing can be sold without a node to be paid into: unpublish what used this one.
    await tx.api.updateMany({ where: { lightningConnectionId: conn.id }, data: { published: false } });
    await tx.lightningConnection.delete({ where: { id: conn.id } });
  });
  await recordAudit(db, {
    tenantId: conn.tenantId,
    actorId: user.id,
    action: "lightning.removed",
    target: conn.socket,
  });
  return { ok: true as const };
}
