"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { safeNextPath } from "@/lib/safe-next-path";
import { useTRPC } from "@/lib/trpc/client";
import { EmailField, PasswordField } from "./account-fields";
import { Button } from "./ui/button";
import { Alert } from "./ui/card";
import { ClientForm } from "./ui/client-form";
import { Field, Input } from "./ui/field";

export function AuthForm({ mode }: { mode: "signin" | "signup" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const target = safeNextPath(params.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => {
        router.push(target);
        router.refresh();
      },
    }),
  );
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const pending = signIn.isPending || signUp.isPending;
  const error = (mode === "signin" ? signIn.error : signUp.error)?.message;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (mode === "signin") signIn.mutate({ email, password });
    else signUp.mutate({ email, password, tenantName: name || undefined });
  }

  if (mode === "signup" && signUp.isSuccess) {
    // The same answer whether or not the address already has an account (see sign-up.ts).
    return (
      <div className="flex flex-col gap-3" data-testid="signup-sent">
        <Alert tone="success">Check your email: we sent a link to {email} to finish signing up.</Alert>
        <p className="text-sm text-zinc-500">
          The link works for 24 hours. Nothing arrived? Check the spam folder, or{" "}
          <Link className="font-medium text-zinc-900 underline" href="/signin">
            sign in
          </Link>{" "}
          if you already have an account.
        </p>
      </div>
    );
  }

  return (
    <ClientForm onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {error && <Alert>{error}</Alert>}
      {mode === "signup" && (
        <Field
          label="Team or company name"
          htmlFor="name"
          hint="Shown in the hub as the provider. You can use your own name."
        >
          <Input
            id="name"
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="organization"
          />
        </Field>
      )}
      <EmailField value={email} onChange={setEmail} />
      <PasswordField choosing={mode === "signup"} value={password} onChange={setPassword} />
      <Button type="submit" busy={pending} className="w-full">
        {mode === "signin" ? "Sign in" : "Create account"}
      </Button>
      <p className="text-center text-sm text-zinc-500">
        {mode === "signin" ? (
          <>
            <Link className="font-medium text-zinc-900 underline" href="/forgot-password">
              Forgot your password?
            </Link>{" "}
            · New here?{" "}
            <Link className="font-medium text-zinc-900 underline" href="/signup">
              Create an account
            </Link>
          </>
        ) : (
          <>
            Already selling?{" "}
            <Link className="font-medium text-zinc-900 underline" href="/signin">
              Sign in
            </Link>
          </>
        )}
      </p>
    </ClientForm>
  );
}
