import type { Metadata } from "next";
import { Suspense } from "react";
import { ResetPasswordForm } from "@/components/account-link-forms";

export const metadata: Metadata = { title: "Choose a new password" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm pt-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Choose a new password</h1>
      <p className="mt-1 text-sm text-zinc-500">Signing in again is needed everywhere afterwards.</p>
      <div className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
        <Suspense>
          <ResetPasswordForm />
        </Suspense>
      </div>
    </div>
  );
}
