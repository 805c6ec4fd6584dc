import type { Metadata } from "next";
import { Suspense } from "react";
import { ConfirmEmailForm } from "@/components/account-link-forms";

export const metadata: Metadata = { title: "Confirm your email" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm pt-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Confirm your email</h1>
      <p className="mt-1 text-sm text-zinc-500">
        One last step: enter your password to confirm this address and sign in.
      </p>
      <div className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
        <Suspense>
          <ConfirmEmailForm />
        </Suspense>
      </div>
    </div>
  );
}
