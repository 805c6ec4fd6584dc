import { DataTable } from "@/components/ui/data-table";
import { formatPercent, formatSats } from "@/lib/format";
import type { getUsage } from "@/server/usage/get-usage";
import { Card, CardBody, CardHeader, EmptyState } from "../ui/card";
import { BarChart } from "./bar-chart";
import { SalesByRoute } from "./sales-by-route";
import { Stat } from "./stat";

type Usage = Awaited<ReturnType<typeof getUsage>>;

/**
 * Money and usage, kept apart: gross volume is what settled on the node (cash basis), calls are
 * what the upstream served, credits are paid calls given back after an upstream failure.
 */
export function UsagePanel({ usage }: { usage: Usage }) {
  const { totals } = usage;
  const window = `last ${usage.days} days`;
  const nothing = totals.calls === 0 && totals.invoices === 0;
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Gross volume"
          value={formatSats(totals.grossSats)}
          hint={`${totals.invoices.toLocaleString("en-US")} settled invoice${totals.invoices === 1 ? "" : "s"}, ${window}`}
          testId="gross-volume"
        />
        <Stat
          label="Calls served"
          value={totals.calls.toLocaleString("en-US")}
          hint={window}
          testId="calls-served"
        />
        <Stat
          label="Credited calls"
          value={totals.creditedCalls.toLocaleString("en-US")}
          hint={`given back after upstream failures (worth ${formatSats(totals.creditedSats)}); not refunds of money`}
          testId="credited-calls"
        />
        <Stat
          label="Error rate"
          value={formatPercent(totals.errorRate)}
          hint="5xx from gateway or upstream"
        />
      </div>
      <Card>
        <CardHeader title="Per day" description="UTC days. Gross volume by settlement time." />
        {nothing ? (
          <CardBody>
            <EmptyState title={`No payments or calls in the last ${usage.days} days`}>
              Daily gross volume, calls and error rate appear here once builders pay for your APIs. Try one
              from the hub, or send a test request from an API's page.
            </EmptyState>
          </CardBody>
        ) : (
          <CardBody className="grid gap-6 md:grid-cols-3">
            <BarChart
              title="Gross volume"
              data={usage.byDay.map((d) => ({ label: d.day, value: d.grossSats }))}
              format={formatSats}
              color="fill-amber-500"
            />
            <BarChart
              title="Calls served"
              data={usage.byDay.map((d) => ({ label: d.day, value: d.calls }))}
            />
            <BarChart
              title="Error rate"
              data={usage.byDay.map((d) => ({ label: d.day, value: d.errorRate }))}
              format={formatPercent}
              color="fill-red-500"
            />
          </CardBody>
        )}
      </Card>
      <SalesByRoute sales={usage.sales} days={usage.days} />
      <Card>
        <CardHeader
          title="Calls per route"
          description="What the upstream served; money is in Sales above."
        />
        {usage.byRoute.length === 0 ? (
          <CardBody>
            <EmptyState title="No calls yet">
              Calls through the gateway show up here within a few seconds.
            </EmptyState>
          </CardBody>
        ) : (
          <DataTable
            testId="usage-by-route"
            columns={[
              { label: "API" },
              { label: "Route" },
              { label: "Calls", align: "right" },
              { label: "Credited", align: "right" },
              { label: "Errors", align: "right" },
            ]}
          >
            {usage.byRoute.map((r) => (
              <tr key={`${r.apiSlug} ${r.method} ${r.route}`}>
                <td className="px-5 py-2 font-mono text-xs text-zinc-600">{r.apiSlug}</td>
                <td className="px-5 py-2 font-mono text-zinc-900">
                  <span className="text-zinc-500">{r.method}</span> {r.route}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{r.calls}</td>
                <td className="px-5 py-2 text-right tabular-nums">{r.creditedCalls}</td>
                <td className="px-5 py-2 text-right tabular-nums">{formatPercent(r.errorRate)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
