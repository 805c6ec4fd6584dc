import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/hub/auto-refresh";
import { HealthStatus } from "@/components/hub/health-status";
import { QuoteStatus } from "@/components/hub/quote-status";
import { RouteDocsView } from "@/components/hub/route-docs-view";
import { Snippets } from "@/components/hub/snippets";
import { TryIt } from "@/components/hub/try-it";
import { Badge, Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { formatSats, routePaymentLabel } from "@/lib/format";
import { exampleRequestFor } from "@/lib/route-example";
import { getCatalogEntry } from "@/server/catalog/list-catalog";
import { db } from "@/server/db";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  return { title: slug };
}

export default async function ApiPage({ params }: Props) {
  const { slug } = await params;
  const api = /^[a-z0-9-]{1,40}$/.test(slug) ? await getCatalogEntry(db(), slug) : null;
  if (!api) notFound();
  const routes = api.routes.map((r) => {
    const example = exampleRequestFor(r);
    return { ...r, samplePath: example.path, sampleMethod: example.method, sampleBody: example.body };
  });
  const base = {
    subdomain: api.gatewayUrls.subdomain.replace(/\/$/, ""),
    path: api.gatewayUrls.path.replace(/\/$/, ""),
  };
  const first = routes.find((r) => r.kind !== "free") ?? routes[0];
  return (
    <div className="space-y-6">
      <AutoRefresh seconds={20} />
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href="/hub" className="hover:text-zinc-900">
          Hub
        </Link>{" "}
        / <span className="text-zinc-900">{api.name}</span>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <div className="flex items-center gap-3">
            <h1 className="text-3xl font-semibold tracking-tight text-zinc-900">{api.name}</h1>
            <Badge>{api.category}</Badge>
          </div>
          <p className="mt-1 text-sm text-zinc-500">by {api.provider}</p>
          <p className="mt-3 max-w-2xl text-zinc-700">{api.description || "No description yet."}</p>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-sm">
          <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">Live price check</p>
          <div className="mt-1">
            <QuoteStatus quote={api.quote} now={Date.now()} />
          </div>
          <div className="mt-1">
            <HealthStatus health={api.health} now={Date.now()} />
          </div>
        </div>
      </header>

      <Card>
        <CardHeader
          title="Base URLs"
          description="Two addresses, same API. Use the first from browsers and curl, the second from anywhere."
        />
        <CardBody className="space-y-2">
          {[api.gatewayUrls.subdomain, api.gatewayUrls.path].map((u) => (
            <div key={u} className="flex items-center justify-between gap-2 rounded-lg bg-zinc-50 px-3 py-2">
              <code className="truncate font-mono text-sm text-zinc-800">{u}</code>
              <CopyButton text={u} />
            </div>
          ))}
        </CardBody>
      </Card>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
        <div className="min-w-0 space-y-6 lg:col-span-3">
          <Card>
            <CardHeader title="Routes and prices" description="The first matching rule prices a request." />
            <DataTable columns={[{ label: "Method" }, { label: "Path" }, { label: "Price", align: "right" }]}>
              {routes.map((r) => (
                <tr key={`${r.method} ${r.path}`}>
                  <td className="px-5 py-2.5 font-mono text-xs text-zinc-600">
                    {r.method === "*" ? "ANY" : r.method}
                  </td>
                  <td className="px-5 py-2.5 font-mono text-zinc-900">{r.path}</td>
                  <td className="px-5 py-2.5 text-right font-medium text-zinc-900">
                    {routePaymentLabel(r)}
                    {r.kind === "per_call" && r.callsPerToken > 1 && (
                      <span className="block text-xs font-normal text-zinc-500">
                        {formatSats(r.priceSats)} / call
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
            <p
              className="border-t border-zinc-100 px-5 py-3 text-sm text-zinc-600"
              data-testid="default-route"
            >
              Any other path:{" "}
              {api.defaultRoute.kind === "refuse"
                ? "not served (404), never charged."
                : api.defaultRoute.kind === "free"
                  ? "free."
                  : `${routePaymentLabel({ ...api.defaultRoute, passSeconds: null })}.`}
            </p>
            {api.freeTierCalls > 0 && (
              <p className="border-t border-zinc-100 px-5 py-3 text-sm text-emerald-700">
                The first {api.freeTierCalls} calls are free for every client.
              </p>
            )}
          </Card>
          <RouteDocsView routes={api.routes} openapiUrl={api.links.openapi} />
          {first && (
            <Snippets
              routes={routes.map((r) => ({
                label: `${r.method === "*" ? "ANY" : r.method} ${r.path} — ${routePaymentLabel(r)}`,
                urls: { subdomain: `${base.subdomain}${r.samplePath}`, path: `${base.path}${r.samplePath}` },
                method: r.sampleMethod,
                body: r.sampleBody,
              }))}
              defaultIndex={routes.indexOf(first)}
            />
          )}
        </div>
        <div className="min-w-0 lg:col-span-2">
          <TryIt
            slug={api.slug}
            routes={routes.map((r) => ({
              label: `${r.sampleMethod} ${r.path} — ${routePaymentLabel(r)}`,
              method: r.sampleMethod,
              // The bare path: Try it prices and scopes by path (server/tryit/route-scope.ts).
              path: r.samplePath.split("?")[0] ?? "/",
            }))}
            defaultIndex={first ? routes.indexOf(first) : 0}
            builderWallet={!env().isProduction}
          />
        </div>
      </div>
    </div>
  );
}
