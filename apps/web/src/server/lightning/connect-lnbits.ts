import {
  checkLnbitsConnection,
  LightningError,
  LNBITS_INVOICE_KEY_HINT,
  lnbitsBaseUrl,
} from "@tollbooth/lightning";
import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { requireTenant } from "../tenants/access";
import { dialNode } from "./check-node-socket";
import { failedCheck, type NodeCheck } from "./node";
import { saveConnection } from "./save-connection";

/**
 * An LNbits wallet as the provider's Lightning connection: the instance URL and the wallet's
 * invoice/read key (sealed like a macaroon). The instance is dialled only at an address the node
 * rules allow (check-node-socket.ts: public in production, loopback in development), pinned.
 * An admin key is refused, not saved with a warning: LNbits gives every wallet an invoice key
 * beside it, so there is never a reason to hand over a key that could drain the wallet.
 */
export const ZLnbitsRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  url: z.string().trim().min(1, "Enter the LNbits instance URL.").max(2_000),
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, "Paste the wallet's Invoice/read key (32 hex characters)."),
});
export type LnbitsRequest = z.output<typeof ZLnbitsRequestSchema>;

export const LNBITS_ADMIN_KEY_MESSAGE = `This is the wallet's Admin key: it can spend, so a leak could drain the wallet. ${LNBITS_INVOICE_KEY_HINT}`;

/** The live test: alias, network and what the key allows; a failure is a NodeCheck with ok false. */
export async function testLnbits(input: { url: string; key: string }): Promise<NodeCheck & { url: string }> {
  let url: string;
  try {
    url = lnbitsBaseUrl(input.url).toString().replace(/\/+$/, "");
  } catch (err) {
    throw new AppError("bad_request", (err as Error).message);
  }
  const started = performance.now();
  try {
    const check = await checkLnbitsConnection({ url, key: input.key }, { dial: dialNode });
    return { ok: true, pubkey: null, ...check, error: null, url };
  } catch (err) {
    // A refused address is the node rules' own 400, not a failed test.
    if (err instanceof LightningError && err.code === "forbidden_address") {
      throw new AppError("bad_request", err.message);
    }
    return { ...failedCheck(started, err instanceof Error ? err.message : "LNbits did not answer."), url };
  }
}

export async function connectLnbits(db: Db, user: SessionUser, input: LnbitsRequest) {
  const tenantId = requireTenant(user, input.tenantId);
  const check = await testLnbits(input);
  if (!check.ok) throw new AppError("bad_request", `The connection test failed: ${check.error}`);
  if (check.canSpend) throw new AppError("bad_request", LNBITS_ADMIN_KEY_MESSAGE);
  return saveLnbitsWallet(db, user, tenantId, input.key, check);
}

/** Saves a tested LNbits wallet: the instance URL as its socket, the invoice key sealed. */
export function saveLnbitsWallet(
  db: Db,
  user: SessionUser,
  tenantId: string,
  key: string,
  { url, ...check }: NodeCheck & { url: string },
) {
  return saveConnection(
    db,
    user,
    tenantId,
    { kind: "lnbits", socket: url, tlsCert: null, macaroon: key },
    check,
  );
}
