import type { Metadata } from "next";
import { Suspense } from "react";
import { AuthForm } from "@/components/auth-form";

export const metadata: Metadata = { title: "Start selling your API" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm pt-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Start selling your API</h1>
      <p className="mt-1 text-sm text-zinc-500">
        Put your API behind a Lightning paywall in a few minutes. No card processor, no sign-up for your
        buyers.
      </p>
      <div className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
        <Suspense>
          <AuthForm mode="signup" />
        </Suspense>
      </div>
    </div>
  );
}
