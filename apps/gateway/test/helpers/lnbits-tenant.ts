/**
 * An LNbits-connected tenant on a PaidStack: the provider node's wallet on the simnet's LNbits
 * API, stored as the web app stores it (kind lnbits, socket = the instance URL, the invoice key
 * sealed in macaroon_cipher), and gateways whose LNbits backends may run with the websocket off.
 */
import { randomUUID } from "node:crypto";
import { createLnbitsBackend, type LightningBackend } from "@tollbooth/lightning";
import { type SimnetLnbitsWallet, simnetAdmin } from "@tollbooth/simnet";
import type { RunningGateway } from "../../src/gateway";
import { walletBackendFactory } from "../../src/payment/backend-factory";
import { nodeDialFor } from "../../src/payment/node-dial";
import type { PaidStack } from "./paid-stack";

export interface LnbitsTenant {
  connectionId: string;
  wallet: SimnetLnbitsWallet;
  /** The builder's LNbits wallet with its admin key: pays like any LNbits user. */
  payer: LightningBackend;
}

export async function addLnbitsConnection(stack: PaidStack, key?: string): Promise<LnbitsTenant> {
  const admin = simnetAdmin(stack.simnet.adminUrl, stack.simnet.adminToken);
  const wallet = await admin.lnbits(stack.nodeName);
  const builder = await admin.lnbits("builder");
  const connectionId = randomUUID();
  await stack.insertWalletConnection({
    id: connectionId,
    kind: "lnbits",
    socket: wallet.url,
    secret: key ?? wallet.invoiceKey,
    capabilities: ["invoice"],
  });
  return { connectionId, wallet, payer: createLnbitsBackend({ url: builder.url, key: builder.adminKey }) };
}

/** A gateway whose LNbits backends follow settlements by polling only (websocket off). */
export function startPollingGateway(stack: PaidStack): Promise<RunningGateway> {
  const dialFor = nodeDialFor(false);
  const fallback = walletBackendFactory(2_000, dialFor);
  return stack.startGateway({
    backendFactory: (c) =>
      c.kind === "lnbits"
        ? createLnbitsBackend(
            { url: c.socket, key: c.macaroon },
            { timeoutMs: 2_000, dial: dialFor(c), websocket: false },
          )
        : fallback(c),
  });
}

export async function challengeState(stack: PaidStack, paymentHash: string): Promise<string | undefined> {
  const res = await stack.pg.query<{ state: string }>(
    "SELECT state::text AS state FROM challenges WHERE payment_hash = $1",
    [paymentHash],
  );
  return res.rows[0]?.state;
}

/** Waits until the gateways' settlement follower (not a paid call) marked the challenge settled. */
export async function waitSettled(stack: PaidStack, paymentHash: string, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await challengeState(stack, paymentHash)) === "settled") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: the challenge was never marked settled`);
}

/**
 * Payments these gateways counted. At most one per settlement, not exactly one: every gateway on
 * the test database (other test files run beside this one) follows every connection in it, so
 * another may have recorded the settlement first; that the challenge is settled is checked apart.
 * Only the API's own payments: these gateways also settle other tests' challenges they come across.
 */
export async function paymentsCounted(gateways: RunningGateway[], slug: string): Promise<number> {
  let total = 0;
  for (const g of gateways) {
    for (const v of (await g.metrics.payments.get()).values) if (v.labels.tenant === slug) total += v.value;
  }
  return total;
}
