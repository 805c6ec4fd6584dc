import type { Metadata } from "next";
import { Suspense } from "react";
import { AuthForm } from "@/components/auth-form";

export const metadata: Metadata = { title: "Sign in" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm pt-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-500">Manage your APIs, prices and payouts.</p>
      <div className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
        <Suspense>
          <AuthForm mode="signin" />
        </Suspense>
      </div>
    </div>
  );
}
