/**
 * Connecting a Nostr Wallet Connect (NIP-47) wallet: the connection string is tested live (the
 * wallet's info event on its relay, then get_info) through the same address rules as an LND node
 * (the relay must be public in production; loopback in development for the simnet's relay), and
 * saved sealed as a whole — it holds the client secret.
 *
 * A string that can spend (pay_invoice and kin) is refused, like an LND admin macaroon: the
 * gateway only makes and watches invoices, and every tenant's string sits on a server that
 * answers the internet; if one ever leaked, a receive-only string lets the thief make invoices
 * into the provider's own wallet, a spending one would drain it. Wallets (Alby Hub and others)
 * let you create a connection with only make_invoice, lookup_invoice (and get_info, notifications).
 */
import {
  checkNwcConnection,
  LightningError,
  parseNwcConnectionString,
  relaySocket,
} from "@tollbooth/lightning";
import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { requireTenant } from "../tenants/access";
import { dialRelay, NODE_ADDRESS_MESSAGE } from "./check-node-socket";
import { failedCheck, type NodeCheck } from "./node";
import { saveConnection } from "./save-connection";

export const ZConnectNwcRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  connectionString: z.string().trim().min(1, "Paste the NWC connection string.").max(4_000),
});

export const NWC_SPENDING_REFUSED =
  "This NWC connection can spend (it allows pay_invoice): a leaked copy could drain the wallet. In your wallet, create a connection that may only receive (make_invoice, lookup_invoice) and paste that one.";

/** Tests a connection string; never throws for a failed test (ok false, error in plain words). */
export async function testNwc(connectionString: string): Promise<NodeCheck> {
  const started = performance.now();
  try {
    const report = await checkNwcConnection(connectionString, { dial: dialRelay, timeoutMs: 8_000 });
    return { ok: true, pubkey: null, error: null, ...report };
  } catch (err) {
    const message =
      err instanceof LightningError && err.code === "forbidden_address" && env().isProduction
        ? NODE_ADDRESS_MESSAGE
        : err instanceof Error
          ? err.message
          : "The wallet did not answer.";
    return failedCheck(started, message);
  }
}

export async function connectNwc(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZConnectNwcRequestSchema>,
) {
  const tenantId = requireTenant(user, input.tenantId);
  let relayUrl: string;
  try {
    relayUrl = parseNwcConnectionString(input.connectionString).relayUrl;
  } catch (err) {
    throw new AppError("bad_request", (err as Error).message);
  }
  await dialRelay(relaySocket(relayUrl)); // a clear 400 for a refused relay before anything else
  const check = await testNwc(input.connectionString);
  if (!check.ok) throw new AppError("bad_request", `The connection test failed: ${check.error}`);
  if (check.canSpend) throw new AppError("bad_request", NWC_SPENDING_REFUSED);
  return saveConnection(
    db,
    user,
    tenantId,
    { kind: "nwc", socket: relayUrl, tlsCert: null, macaroon: input.connectionString },
    check,
  );
}
