"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { EmailField, PasswordField } from "./account-fields";
import { Button } from "./ui/button";
import { Alert } from "./ui/card";
import { ClientForm } from "./ui/client-form";

/** The forms behind mailed links: ask for a reset link, choose a new password, confirm an email. */

export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  if (request.isSuccess) {
    return (
      <Alert tone="success">
        If {email} has an account, we sent it a link to choose a new password. It works once, for 30 minutes.
      </Alert>
    );
  }
  return (
    <ClientForm
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        request.mutate({ email });
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      {request.error && <Alert>{request.error.message}</Alert>}
      <EmailField value={email} onChange={setEmail} />
      <Button type="submit" busy={request.isPending} className="w-full">
        Send me a link
      </Button>
    </ClientForm>
  );
}

export function ResetPasswordForm() {
  const trpc = useTRPC();
  const token = useSearchParams().get("token") ?? "";
  const [password, setPassword] = useState("");
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  if (reset.isSuccess) {
    return (
      <div className="flex flex-col gap-3">
        <Alert tone="success">Password changed. Every session of your account was signed out.</Alert>
        <Link className="text-sm font-medium text-zinc-900 underline" href="/signin">
          Sign in with the new password
        </Link>
      </div>
    );
  }
  return (
    <ClientForm
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        reset.mutate({ token, password });
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      {reset.error && <Alert>{reset.error.message}</Alert>}
      <PasswordField label="New password" choosing value={password} onChange={setPassword} />
      <Button type="submit" busy={reset.isPending} className="w-full">
        Set new password
      </Button>
    </ClientForm>
  );
}

export function ConfirmEmailForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const token = useSearchParams().get("token") ?? "";
  const [password, setPassword] = useState("");
  const confirm = useMutation(
    trpc.auth.confirmEmail.mutationOptions({
      onSuccess: () => {
        router.push("/dashboard");
        router.refresh();
      },
    }),
  );
  return (
    <ClientForm
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        confirm.mutate({ token, password });
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      {confirm.error && <Alert>{confirm.error.message}</Alert>}
      <PasswordField
        choosing={false}
        hint="The one you chose when signing up."
        value={password}
        onChange={setPassword}
      />
      <Button type="submit" busy={confirm.isPending} className="w-full">
        Confirm and sign in
      </Button>
    </ClientForm>
  );
}
