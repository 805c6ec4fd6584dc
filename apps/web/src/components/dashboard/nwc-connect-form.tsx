"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "../ui/button";
import { Alert } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Textarea } from "../ui/field";

/** A Nostr Wallet Connect (NIP-47) wallet: one connection string that may only receive. */
export function NwcConnectForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [connectionString, setConnectionString] = useState("");
  const connect = useMutation(
    trpc.lightning.connectNwc.mutationOptions({
      onSuccess: () => {
        setConnectionString("");
        router.refresh();
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    connect.mutate({ connectionString });
  }
  return (
    <ClientForm onSubmit={submit} className="flex flex-col gap-4">
      <div className="space-y-1 text-sm text-zinc-600" data-testid="nwc-guide">
        <p>
          In your wallet (Alby Hub, or any NWC wallet) add a new app connection and copy its{" "}
          <span className="font-mono">nostr+walletconnect://</span> string.
        </p>
        <p>
          Allow only <strong>make_invoice</strong>, <strong>lookup_invoice</strong> and payment notifications.
          Do not allow <strong>pay_invoice</strong>: a leaked string could then spend from the wallet.
        </p>
      </div>
      {connect.error && <Alert>{connect.error.message}</Alert>}
      {connect.isSuccess && <Alert tone="success">Connected. Your APIs are now paid into this wallet.</Alert>}
      <Field label="Connection string" htmlFor="nwc-string" hint="Sealed on save, never shown again.">
        <Textarea
          id="nwc-string"
          rows={3}
          required
          value={connectionString}
          onChange={(e) => setConnectionString(e.target.value)}
          className="font-mono text-xs"
          autoComplete="off"
          placeholder="nostr+walletconnect://…"
        />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" busy={connect.isPending}>
          Test and connect
        </Button>
      </div>
    </ClientForm>
  );
}
