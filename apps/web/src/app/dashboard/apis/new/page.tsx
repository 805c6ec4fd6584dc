import type { Metadata } from "next";
import { CreateApiForm } from "@/components/dashboard/create-api-form";
import { gatewayAddressConfig } from "@/server/env";

export const metadata: Metadata = { title: "New API" };

export default function NewApiPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">New API</h1>
        <p className="mt-1 text-sm text-zinc-500">You will set prices and publish on the next page.</p>
      </div>
      <CreateApiForm gateway={gatewayAddressConfig()} />
    </div>
  );
}
