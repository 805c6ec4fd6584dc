import type { Metadata } from "next";
import { notFound } from "next/navigation";
import {
  DeleteApi,
  DetailsForm,
  PathsAndBrowsersForm,
  SlugForm,
  UpstreamForm,
} from "@/components/dashboard/api-settings";
import { HealthSettings } from "@/components/dashboard/health-settings";
import { OpenApiImport } from "@/components/dashboard/openapi-import";
import { OriginAndStreamsForm } from "@/components/dashboard/origin-and-streams-form";
import { PricingEditor } from "@/components/dashboard/pricing-editor";
import { PublishCard } from "@/components/dashboard/publish-card";
import { ReceiptsPanel } from "@/components/dashboard/receipts-panel";
import { RouteDocsEditor } from "@/components/dashboard/route-docs-editor";
import { TestRequest } from "@/components/dashboard/test-request";
import { UsagePanel } from "@/components/dashboard/usage-panel";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import type { ApiView } from "@/server/apis/api-view";
import { db } from "@/server/db";
import { apiHealth } from "@/server/health/health-figures";
import { samplePathFor } from "@/server/quotes/sample-path";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "API settings" };

function pricingKey(rules: ApiView["pricingRules"]): string {
  return JSON.stringify(
    rules.map((r) => [r.method, r.pathPattern, r.kind, r.priceSats, r.callsPerToken, r.passSeconds]),
  );
}

export default async function ApiSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ receipts?: string | string[] }>;
}) {
  const { id } = await params;
  const { receipts: cursorParam } = await searchParams;
  const cursor = typeof cursorParam === "string" && cursorParam !== "" ? cursorParam : undefined;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const { api: caller } = await serverCaller();
  const api = await caller.apis.get({ apiId: id }).catch(() => null);
  if (!api) notFound();
  const [connections, usage, receipts, health] = await Promise.all([
    caller.lightning.list(),
    caller.usage.stats({ apiId: api.id, days: 14 }),
    // A cursor that does not parse shows the newest page rather than an error page.
    caller.receipts.list({ apiId: api.id, cursor }).catch(() => caller.receipts.list({ apiId: api.id })),
    // The API was read through the caller above, so it is this user's.
    apiHealth(db(), api.id),
  ]);
  const firstRule = api.pricingRules[0];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{api.name}</h1>
        <p className="mt-1 text-sm text-zinc-500">Everything about how this API is sold.</p>
      </div>
      <PublishCard api={api} hasNode={Boolean(api.lightningConnectionId) && connections.length > 0} />
      <Card>
        <CardHeader title="Address" description="Both URLs reach the same API through the gateway." />
        <CardBody className="space-y-4">
          <div className="space-y-2" data-testid="gateway-urls">
            {[api.gatewayUrls.subdomain, api.gatewayUrls.path].map((u) => (
              <div
                key={u}
                className="flex items-center justify-between gap-2 rounded-lg bg-zinc-50 px-3 py-2"
              >
                <code className="truncate font-mono text-sm text-zinc-800">{u}</code>
                <CopyButton text={u} />
              </div>
            ))}
          </div>
          <SlugForm api={api} />
        </CardBody>
      </Card>
      {/* Keyed by the saved prices: after an OpenAPI import adds routes the editor starts again
          from them, so a later "Save prices" cannot drop what the import created. */}
      <PricingEditor key={pricingKey(api.pricingRules)} api={api} />
      <RouteDocsEditor api={api} />
      <OpenApiImport apiId={api.id} />
      <UpstreamForm api={api} />
      <DetailsForm api={api} />
      <PathsAndBrowsersForm api={api} />
      <HealthSettings api={api} health={health} now={Date.now()} />
      <OriginAndStreamsForm api={api} />
      <TestRequest apiId={api.id} defaultPath={firstRule ? samplePathFor(firstRule.pathPattern) : "/"} />
      <section aria-labelledby="usage-h" className="space-y-3">
        <h2 id="usage-h" className="text-lg font-semibold text-zinc-900">
          Usage and revenue
        </h2>
        <UsagePanel usage={usage} />
      </section>
      <section id="receipts" aria-label="Receipts">
        <ReceiptsPanel page={receipts} paged={cursor !== undefined} />
      </section>
      <DeleteApi api={api} />
    </div>
  );
}
