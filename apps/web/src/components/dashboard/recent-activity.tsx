import { DataTable } from "@/components/ui/data-table";
import { formatDateTime, formatSats } from "@/lib/format";
import type { listRecentCalls, listRecentPayments } from "@/server/usage/list-recent";
import { Card, CardHeader, EmptyState } from "../ui/card";

type Payments = Awaited<ReturnType<typeof listRecentPayments>>;
type Calls = Awaited<ReturnType<typeof listRecentCalls>>;

export function RecentPayments({ payments }: { payments: Payments }) {
  return (
    <Card>
      <CardHeader title="Recent payments" description="Invoices settled on your node." />
      {payments.length === 0 ? (
        <div className="p-5">
          <EmptyState title="No payments yet">When a builder pays an invoice, it appears here.</EmptyState>
        </div>
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="recent-payments">
          {payments.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-3 px-5 py-2.5 text-sm">
              <div className="min-w-0">
                <p className="font-medium text-zinc-900">{p.apiName}</p>
                <p className="truncate text-xs text-zinc-600">
                  {p.label}
                  {p.pathPattern && (
                    <span className="font-mono">
                      {" "}
                      · {p.method} {p.pathPattern}
                    </span>
                  )}
                </p>
                <p className="truncate font-mono text-xs text-zinc-500" title={p.paymentHash}>
                  {p.paymentHash.slice(0, 16)}… · {formatDateTime(p.settledAt)}
                </p>
              </div>
              <span className="whitespace-nowrap font-semibold text-emerald-700">
                +{formatSats(p.amountSats)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function RecentCalls({ calls }: { calls: Calls }) {
  return (
    <Card>
      <CardHeader title="Recent calls" description="Requests the gateway passed to your upstream." />
      {calls.length === 0 ? (
        <div className="p-5">
          <EmptyState title="No calls yet">Try one of your APIs from the hub to see it here.</EmptyState>
        </div>
      ) : (
        <DataTable
          testId="recent-calls"
          columns={[
            { label: "When" },
            { label: "Call" },
            { label: "Status", align: "right" },
            { label: "Sats", align: "right" },
          ]}
        >
          {calls.map((c) => (
            <tr key={c.id}>
              <td className="whitespace-nowrap px-5 py-2 text-xs text-zinc-500">
                {formatDateTime(c.occurredAt)}
              </td>
              <td className="whitespace-nowrap px-5 py-2 font-mono text-xs text-zinc-900">
                {c.apiSlug} <span className="text-zinc-500">{c.method}</span> {c.route}
              </td>
              <td
                className={`px-5 py-2 text-right tabular-nums ${c.status >= 500 ? "text-red-700" : "text-zinc-700"}`}
              >
                {c.status}
              </td>
              <td className="px-5 py-2 text-right tabular-nums">{c.free ? "free" : c.sats}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
