/**
 * Credits: paid calls given back to the buyer's token because the upstream failed (5xx, timeout,
 * unreachable, a body cut off). The gateway meters such a call with its token and 0 sats. A call
 * on a per-call token is otherwise always worth its price at sale (≥ 1 sat), so "per-call token,
 * 0 sats" is exactly a credit; a time pass's calls are worth 0 sats anyway, so for those the
 * failed status says it (5xx). Credits are not money back: the invoice stays settled and counted
 * once in gross volume; the buyer got a call back on the token instead.
 */
import type { Db } from "../db";

export interface CreditEvent {
  tokenId: string | null;
  status: number;
  sats: number;
  free: boolean;
}

export interface CreditTotals {
  calls: number;
  /** The credited calls' worth at the price they were bought at. */
  sats: number;
}

/** Which of these served events were credits, and what they were worth; `mark` sees each credit. */
export async function countCredits<E extends CreditEvent>(
  db: Db,
  tenantId: string,
  events: readonly E[],
  mark: (event: E, sats: number) => void = () => {},
): Promise<CreditTotals> {
  const candidates = events.filter((e) => e.tokenId !== null && !e.free && e.sats === 0);
  if (candidates.length === 0) return { calls: 0, sats: 0 };
  const tokenIds = [...new Set(candidates.map((e) => e.tokenId as string))];
  const sales = new Map<string, { kind: string | null; priceSats: number | null }>();
  for (let i = 0; i < tokenIds.length; i += 5_000) {
    const rows = await db.challenge.findMany({
      where: { tenantId, tokenId: { in: tokenIds.slice(i, i + 5_000) } },
      select: { tokenId: true, soldKind: true, priceSats: true },
    });
    for (const r of rows) sales.set(r.tokenId, { kind: r.soldKind, priceSats: r.priceSats });
  }
  const totals: CreditTotals = { calls: 0, sats: 0 };
  for (const e of candidates) {
    const sale = sales.get(e.tokenId as string);
    if (!sale) continue;
    const timePass = sale.kind === "time_pass";
    if (timePass && e.status < 500) continue;
    const sats = timePass ? 0 : (sale.priceSats ?? 0);
    totals.calls += 1;
    totals.sats += sats;
    mark(e, sats);
  }
  return totals;
}
