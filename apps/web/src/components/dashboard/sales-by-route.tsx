import { DataTable } from "@/components/ui/data-table";
import { formatSats } from "@/lib/format";
import type { UsageSale } from "@/server/usage/get-usage";
import { Card, CardBody, CardHeader, EmptyState } from "../ui/card";

/** Settled invoices per thing sold: which API, which route, what one payment bought, how often. */
export function SalesByRoute({ sales, days }: { sales: UsageSale[]; days: number }) {
  const maxSats = Math.max(1, ...sales.map((s) => s.grossSats));
  return (
    <Card>
      <CardHeader
        title="Sales per route"
        description="Settled invoices, counted when they settled: a bundle or a pass counts in full at payment."
      />
      {sales.length === 0 ? (
        <CardBody>
          <EmptyState title={`No settled invoices in the last ${days} days`}>
            When a builder pays for calls, the payment shows here with what it bought.
          </EmptyState>
        </CardBody>
      ) : (
        <DataTable
          testId="sales-by-route"
          columns={[
            { label: "API" },
            { label: "Route" },
            { label: "One payment buys" },
            { label: "Invoices", align: "right" },
            { label: "Gross", align: "right" },
          ]}
        >
          {sales.map((s) => (
            <tr key={`${s.apiSlug} ${s.method} ${s.pathPattern} ${s.label}`}>
              <td className="px-5 py-2 font-mono text-xs text-zinc-600">{s.apiSlug}</td>
              <td className="px-5 py-2 font-mono text-zinc-900">
                <span className="text-zinc-500">{s.method}</span> {s.pathPattern}
              </td>
              <td className="px-5 py-2 text-zinc-700">{s.label}</td>
              <td className="px-5 py-2 text-right tabular-nums">{s.invoices}</td>
              <td className="px-5 py-2 text-right tabular-nums">
                <span className="flex items-center justify-end gap-2">
                  <span
                    aria-hidden="true"
                    className="hidden h-1.5 w-24 overflow-hidden rounded-full bg-zinc-100 sm:block"
                  >
                    <span
                      className="block h-full rounded-full bg-amber-500"
                      style={{ width: `${(s.grossSats / maxSats) * 100}%` }}
                    />
                  </span>
                  {formatSats(s.grossSats)}
                </span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
