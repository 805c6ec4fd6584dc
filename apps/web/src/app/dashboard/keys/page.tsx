import type { Metadata } from "next";
import { ApiKeyList, CreateApiKey } from "@/components/dashboard/api-keys-panel";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { api } = await serverCaller();
  const keys = await api.keys.list();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">API keys</h1>
        <p className="mt-1 text-sm text-zinc-500">
          Keys for the management API: script your APIs, prices, wallets and publishing, and read your usage
          and payments, without the dashboard. A key acts for this team only.
        </p>
      </div>
      <ApiKeyList keys={keys} />
      <CreateApiKey />
    </div>
  );
}
