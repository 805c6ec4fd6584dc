import { DataTable } from "@/components/ui/data-table";
import { formatDateTime, formatSats, paymentLabel } from "@/lib/format";
import type { listReceipts } from "@/server/receipts/list-receipts";
import { Card, CardHeader, EmptyState } from "../ui/card";
import { CopyButton } from "../ui/copy-button";

type Page = Awaited<ReturnType<typeof listReceipts>>;

/**
 * One API's signed receipts, a page at a time (`?receipts=<cursor>`): what each settled payment
 * bought, its sats and payment hash, and the receipt itself to copy (the buyer got the same one
 * with their first paid answer; `tollbooth receipt verify` checks it).
 */
export function ReceiptsPanel({ page, paged }: { page: Page; paged: boolean }) {
  return (
    <Card>
      <CardHeader
        title="Receipts"
        description="Signed by the operator's key for every settled payment; buyers can verify them offline."
      />
      {page.receipts.length === 0 ? (
        <div className="p-5">
          <EmptyState title={paged ? "No older receipts" : "No receipts yet"}>
            When a buyer pays for this API and makes their first call, the signed receipt of that payment
            appears here: the route and the calls or time bought, the sats, the payment hash and when it
            settled.
          </EmptyState>
        </div>
      ) : (
        <DataTable
          testId="receipts"
          columns={[
            { label: "Settled" },
            { label: "Bought" },
            { label: "Payment hash" },
            { label: "Sats", align: "right" },
            { label: "Receipt", align: "right" },
          ]}
        >
          {page.receipts.map(({ id, receipt, encoded }) => (
            <tr key={id}>
              <td className="whitespace-nowrap px-5 py-2 text-xs text-zinc-500">
                {formatDateTime(receipt.settled_at)}
              </td>
              <td className="px-5 py-2 text-xs text-zinc-900">
                {paymentLabel({
                  kind: receipt.kind,
                  calls: receipt.calls,
                  passSeconds: receipt.seconds,
                  amountSats: receipt.sats,
                })}
                <span className="font-mono text-zinc-500">
                  {" "}
                  · {receipt.scope.method} {receipt.scope.path}
                </span>
              </td>
              <td className="px-5 py-2 font-mono text-xs text-zinc-500" title={receipt.payment_hash}>
                {receipt.payment_hash.slice(0, 16)}…
              </td>
              <td className="px-5 py-2 text-right tabular-nums">{formatSats(receipt.sats)}</td>
              <td className="px-5 py-2 text-right">
                <CopyButton text={encoded} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {(page.nextCursor || paged) && (
        <div className="flex justify-between px-5 py-3 text-sm">
          {paged ? (
            <a className="text-zinc-600 hover:underline" href="?#receipts">
              Newest
            </a>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <a
              className="text-zinc-600 hover:underline"
              href={`?receipts=${encodeURIComponent(page.nextCursor)}#receipts`}
            >
              Older receipts →
            </a>
          )}
        </div>
      )}
    </Card>
  );
}
