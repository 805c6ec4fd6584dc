import type { Metadata } from "next";
import { Suspense } from "react";
import { ForgotPasswordForm } from "@/components/account-link-forms";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm pt-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Forgot your password?</h1>
      <p className="mt-1 text-sm text-zinc-500">We mail you a link to choose a new one.</p>
      <div className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
        <Suspense>
          <ForgotPasswordForm />
        </Suspense>
      </div>
    </div>
  );
}
