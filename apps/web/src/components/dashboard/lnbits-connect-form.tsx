"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "../ui/button";
import { Alert } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Input } from "../ui/field";
import { WalletCheckResult } from "./wallet-check-result";

/** An LNbits wallet: the instance URL and the wallet's Invoice/read key (never the Admin key). */
export function LnbitsConnectForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [url, setUrl] = useState("");
  const [key, setKey] = useState("");
  const test = useMutation(trpc.lightning.testLnbits.mutationOptions());
  const connect = useMutation(
    trpc.lightning.connectLnbits.mutationOptions({
      onSuccess: () => {
        setKey("");
        test.reset();
        router.refresh();
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    connect.mutate({ url, key });
  }
  return (
    <ClientForm onSubmit={submit} className="flex flex-col gap-4">
      <div className="space-y-1 text-sm text-zinc-600" data-testid="lnbits-guide">
        <p>
          In LNbits, open the wallet you want to be paid into, then <strong>API info</strong> (or "Node URL,
          API keys and API docs"). Copy the instance URL and the <strong>Invoice/read key</strong>.
        </p>
        <p>
          That key can create and read invoices: all the gateway needs. Never paste the{" "}
          <strong>Admin key</strong>: it can spend, so a leak could drain the wallet — it is refused.
        </p>
      </div>
      {connect.error && <Alert>{connect.error.message}</Alert>}
      {test.error && <Alert>{test.error.message}</Alert>}
      {connect.isSuccess && <Alert tone="success">Connected. Your APIs are now paid into this wallet.</Alert>}
      {test.data && <WalletCheckResult check={test.data} />}
      <Field
        label="LNbits URL"
        htmlFor="lnb-url"
        hint="The instance's address, e.g. https://lnbits.example.com."
      >
        <Input
          id="lnb-url"
          required
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://lnbits.example.com"
          className="font-mono"
        />
      </Field>
      <Field
        label="Invoice/read key"
        htmlFor="lnb-key"
        hint="32 hex characters. Sealed on save, never shown again."
      >
        <Input
          id="lnb-key"
          required
          type="password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          className="font-mono"
          autoComplete="off"
        />
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" busy={test.isPending} onClick={() => test.mutate({ url, key })}>
          Test connection
        </Button>
        <Button type="submit" busy={connect.isPending}>
          Test and connect
        </Button>
      </div>
    </ClientForm>
  );
}
