import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { requireTenant } from "../tenants/access";
import { saveLnbitsWallet, testLnbits } from "./connect-lnbits";
import { testNwc } from "./connect-nwc";
import { testNode } from "./node";
import { saveConnection } from "./save-connection";
import { simnetAdmin } from "./simnet-admin";

/** The one-click simnet node exists only outside production. */
export function simnetAvailable(): { available: boolean } {
  return { available: !env().isProduction };
}

/** How the one-click development wallet is reached: LND gRPC, NWC or LNbits. */
export const SIMNET_NODE_KINDS = ["simnet", "nwc", "lnbits"] as const;
export type SimnetNodeKind = (typeof SIMNET_NODE_KINDS)[number];

export const ZCreateSimnetNodeRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  kind: z.enum(SIMNET_NODE_KINDS).optional(),
});

export async function createSimnetNode(
  db: Db,
  user: SessionUser,
  tenantIdInput?: string,
  kind: SimnetNodeKind = "simnet",
) {
  const tenantId = requireTenant(user, tenantIdInput);
  if (env().isProduction) throw new AppError("forbidden", "Simnet nodes are for development only.");
  const creds = await simnetAdmin.createNode(`t-${tenantId.slice(0, 8)}-${randomBytes(3).toString("hex")}`);
  if (kind === "nwc") return saveSimnetNwc(db, user, tenantId, creds.name, creds.pubkey);
  if (kind === "lnbits") return connectSimnetLnbits(db, user, tenantId, creds.name);
  // The invoice-only macaroon: the gateway never needs to spend.
  const node = {
    kind: "simnet" as const,
    socket: creds.socket,
    tlsCert: creds.tlsCert,
    macaroon: creds.macaroon,
  };
  const check = await testNode({ socket: node.socket, tlsCert: node.tlsCert, macaroon: node.macaroon });
  if (!check.ok)
    throw new AppError("unavailable", `The simnet node did not pass the connection test: ${check.error}`);
  return saveConnection(db, user, tenantId, node, { ...check, pubkey: creds.pubkey });
}

/** The same node reached over NIP-47, by a receive-only connection string (no pay_invoice). */
async function saveSimnetNwc(db: Db, user: SessionUser, tenantId: string, node: string, pubkey: string) {
  const minted = await simnetAdmin.receiveOnlyNwc(node);
  const check = await testNwc(minted.connectionString);
  if (!check.ok)
    throw new AppError(
      "unavailable",
      `The simnet NWC wallet did not pass the connection test: ${check.error}`,
    );
  return saveConnection(
    db,
    user,
    tenantId,
    { kind: "nwc", socket: minted.relayUrl, tlsCert: null, macaroon: minted.connectionString },
    { ...check, pubkey },
  );
}

/** The node's wallet on the simnet's LNbits API, connected like any LNbits wallet (invoice key). */
async function connectSimnetLnbits(db: Db, user: SessionUser, tenantId: string, name: string) {
  const wallet = await simnetAdmin.lnbits(name);
  const check = await testLnbits({ url: wallet.url, key: wallet.invoiceKey });
  if (!check.ok)
    throw new AppError(
      "unavailable",
      `The simnet's LNbits wallet did not pass the connection test: ${check.error}`,
    );
  return saveLnbitsWallet(db, user, tenantId, wallet.invoiceKey, check);
}
