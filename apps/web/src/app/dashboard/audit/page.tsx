import type { Metadata } from "next";
import { Card, EmptyState } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { formatDateTime } from "@/lib/format";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "Audit log" };

const LABELS: Record<string, string> = {
  "tenant.created": "Team created",
  "api.created": "API created",
  "api.updated": "API settings changed",
  "api.slug_changed": "Slug changed",
  "api.upstream_secret_set": "Upstream secret set",
  "api.upstream_secret_cleared": "Upstream secret cleared",
  "api.origin_signing_on": "Origin signing turned on",
  "api.origin_signing_rotated": "Origin signing secret rotated",
  "api.origin_signing_off": "Origin signing turned off",
  "api.upstream_secret_bound": "Upstream secret bound to its origin",
  "api.pricing_updated": "Prices changed",
  "api.docs_updated": "Route docs changed",
  "api.openapi_imported": "OpenAPI document imported",
  "api.published": "Published",
  "api.unpublished": "Unpublished",
  "api.paused": "Paused",
  "api.resumed": "Resumed",
  "api.deleted": "API deleted",
  "lightning.connected": "Lightning node connected",
  "lightning.tested": "Connection tested",
  "lightning.removed": "Lightning node removed",
  "api.test_request": "Test request sent",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
};

export default async function AuditPage() {
  const { api } = await serverCaller();
  const events = await api.usage.audit({ limit: 200 });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Audit log</h1>
        <p className="mt-1 text-sm text-zinc-500">
          Every change to your team's APIs, prices and nodes, newest first. Secrets are never logged.
        </p>
      </div>
      {events.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <Card>
          <DataTable
            testId="audit-log"
            columns={[{ label: "When" }, { label: "What" }, { label: "Who" }, { label: "Details" }]}
          >
            {events.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap px-5 py-2 text-xs text-zinc-500">
                  {formatDateTime(e.createdAt)}
                </td>
                <td className="px-5 py-2 text-zinc-900">
                  {LABELS[e.action] ?? e.action}
                  {e.target && <span className="ml-1 font-mono text-xs text-zinc-500">{e.target}</span>}
                </td>
                <td className="px-5 py-2 text-xs text-zinc-600">{e.actor}</td>
                <td
                  className="max-w-xs truncate px-5 py-2 font-mono text-xs text-zinc-500"
                  title={JSON.stringify(e.details)}
                >
                  {Object.entries(e.details)
                    .map(([k, v]) => `${k}=${String(v)}`)
                    .join(" ")}
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
      )}
    </div>
  );
}
