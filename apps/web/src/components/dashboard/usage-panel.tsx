import { DataTable } from "@/components/ui/data-table";
import { formatPercent, formatSats } from "@/lib/format";
import type { getUsage } from "@/server/usage/get-usage";
import { Card, CardBody, CardHeader, EmptyState } from "../ui/card";
import { BarChart } from "./bar-chart";
import { Stat } from "./stat";

type Usage = Awaited<ReturnType<typeof getUsage>>;

export function UsagePanel({ usage }: { usage: Usage }) {
  const maxSats = Math.max(1, ...usage.byRoute.map((r) => r.sats));
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <Stat label="Revenue" value={formatSats(usage.totals.sats)} hint={`last ${usage.days} days`} />
        <Stat
          label="Calls"
          value={usage.totals.calls.toLocaleString("en-US")}
          hint={`last ${usage.days} days`}
        />
        <Stat
          label="Error rate"
          value={formatPercent(usage.totals.errorRate)}
          hint="5xx from gateway or upstream"
        />
      </div>
      <Card>
        <CardHeader title="Usage per day" description="UTC days." />
        {usage.totals.calls === 0 ? (
          <CardBody>
            <EmptyState title={`No calls in the last ${usage.days} days`}>
              Daily sats, calls and error rate appear here once builders call your APIs. Try one from the hub,
              or send a test request from an API's page.
            </EmptyState>
          </CardBody>
        ) : (
          <CardBody className="grid gap-6 md:grid-cols-3">
            <BarChart
              title="Sats earned"
              data={usage.byDay.map((d) => ({ label: d.day, value: d.sats }))}
              format={formatSats}
              color="fill-amber-500"
            />
            <BarChart title="Calls" data={usage.byDay.map((d) => ({ label: d.day, value: d.calls }))} />
            <BarChart
              title="Error rate"
              data={usage.byDay.map((d) => ({ label: d.day, value: d.errorRate }))}
              format={formatPercent}
              color="fill-red-500"
            />
          </CardBody>
        )}
      </Card>
      <Card>
        <CardHeader title="Per route" />
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
              { label: "Sats", align: "right" },
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
                <td className="px-5 py-2 text-right tabular-nums">
                  <span className="flex items-center justify-end gap-2">
                    <span
                      aria-hidden="true"
                      className="hidden h-1.5 w-24 overflow-hidden rounded-full bg-zinc-100 sm:block"
                    >
                      <span
                        className="block h-full rounded-full bg-amber-500"
                        style={{ width: `${(r.sats / maxSats) * 100}%` }}
                      />
                    </span>
                    {formatSats(r.sats)}
                  </span>
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{formatPercent(r.errorRate)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
