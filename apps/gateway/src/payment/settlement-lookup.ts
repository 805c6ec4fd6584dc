/**
 * Asks a token's node about its invoice and, when the node says settled before the settlement
 * stream did, records it (challenge row settled, payment counted once, token known settled here).
 * One home for this race rule: the paywall's fallback lookup and the settlement hand-off share it.
 */
import type { InvoiceStatus } from "@tollbooth/lightning";
import type { GatewayMetrics } from "../ops/metrics";
import type { ChallengeStore } from "../store/challenge-store";
import type { NodeRegistry, SettledTokens } from "./node-registry";

export interface SettlementLookupDeps {
  store: ChallengeStore;
  nodes: NodeRegistry;
  settled: SettledTokens;
  metrics: GatewayMetrics;
}

/** null when the token's connection is not served by this gateway (gone from the config). */
export async function lookupSettlement(
  deps: SettlementLookupDeps,
  token: { tokenId: string; connectionId: string; paymentHash: string },
  tenant: string,
): Promise<InvoiceStatus | null> {
  const gate = deps.nodes.gate(token.connectionId);
  if (!gate) return null;
  const invoice = await gate.call((node) => node.lookupInvoice(token.paymentHash));
  if (invoice.state !== "settled") return invoice;
  if (!deps.settled.has(token.tokenId)) {
    const sold = await deps.store.markSettled(
      token.connectionId,
      token.paymentHash,
      invoice.settleIndex ?? null,
      invoice.settledAt ?? new Date(),
    );
    // The lookup won the race with the settlement stream: this path counts the payment then.
    if (sold) deps.metrics.countPayment(tenant, sold.amountSats);
    deps.settled.add(token.tokenId);
  }
  return invoice;
}
