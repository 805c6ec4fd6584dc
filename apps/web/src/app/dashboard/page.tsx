import type { Metadata } from "next";
import Link from "next/link";
import { RecentCalls, RecentPayments } from "@/components/dashboard/recent-activity";
import { UsagePanel } from "@/components/dashboard/usage-panel";
import { ButtonLink } from "@/components/ui/button";
import { Badge, Card, CardHeader, EmptyState } from "@/components/ui/card";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { api } = await serverCaller();
  const [apis, connections, usage, payments, calls] = await Promise.all([
    api.apis.list(),
    api.lightning.list(),
    api.usage.stats({ days: 14 }),
    api.usage.recentPayments({ limit: 8 }),
    api.usage.recentCalls({ limit: 10 }),
  ]);
  const node = connections[0];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Overview</h1>
        <ButtonLink href="/dashboard/apis/new">New API</ButtonLink>
      </div>

      {!node && (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <span>Connect a Lightning node to get paid. Until then your APIs cannot be published.</span>
          <ButtonLink href="/dashboard/lightning" variant="secondary">
            Connect Lightning
          </ButtonLink>
        </div>
      )}

      <Card>
        <CardHeader title="Your APIs" />
        {apis.length === 0 ? (
          <div className="p-5">
            <EmptyState
              title="You have no APIs yet"
              action={<ButtonLink href="/dashboard/apis/new">Create your first API</ButtonLink>}
            >
              Point Tollbooth at an API you run, set a price, and publish it in the hub.
            </EmptyState>
          </div>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="api-list">
            {apis.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
                <div className="min-w-0">
                  <Link
                    href={`/dashboard/apis/${a.id}`}
                    className="font-medium text-zinc-900 hover:underline"
                  >
                    {a.name}
                  </Link>
                  <p className="truncate font-mono text-xs text-zinc-500">{a.gatewayUrls.subdomain}</p>
                </div>
                <div className="flex items-center gap-2">
                  <Badge>
                    {a.pricingRules.length} rule{a.pricingRules.length === 1 ? "" : "s"}
                  </Badge>
                  {a.lifecycle === "published" ? (
                    <Badge tone="green">Published</Badge>
                  ) : (
                    <Badge tone="amber">{a.lifecycle === "paused" ? "Paused" : "Draft"}</Badge>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <UsagePanel usage={usage} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_3fr]">
        <RecentPayments payments={payments} />
        <RecentCalls calls={calls} />
      </div>
    </div>
  );
}
