"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { formatDateTime, timeAgo } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiKeyScope } from "@/server/keys/api-key-input";
import type { ApiKeyView } from "@/server/keys/api-key-view";
import { Button } from "../ui/button";
import { Alert, Badge, Card, CardBody, CardHeader, EmptyState } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { CodeBlock } from "../ui/copy-button";
import { DataTable } from "../ui/data-table";
import { Field, Input, Select } from "../ui/field";

const SCOPE_SAYS: Record<ApiKeyScope, string> = {
  read: "Read: list and read APIs, pricing, wallets, usage and payments.",
  write: "Write: everything read allows, and create, change, publish, pause and delete.",
};

/** Create a key: name and scope; the key is shown once, with a copy button. */
export function CreateApiKey() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<ApiKeyScope>("read");
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSuccess: () => {
        setName("");
        router.refresh();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, scope });
  };
  return (
    <Card>
      <CardHeader
        title="Create an API key"
        description="For a script or a CI job that manages your APIs through the management API."
      />
      <CardBody className="space-y-4">
        {create.data ? (
          <div className="space-y-3" data-testid="new-api-key">
            <Alert tone="warning">
              Copy this key now: it is shown only this once. Tollbooth keeps only a hash of it; if you lose
              it, revoke it and create another.
            </Alert>
            <CodeBlock label="API key" code={create.data.key} />
            <Button variant="secondary" onClick={() => create.reset()}>
              Done
            </Button>
          </div>
        ) : (
          <ClientForm onSubmit={submit} className="flex flex-col gap-4">
            <Field label="Name" htmlFor="key-name" hint="Say where it is used, like “deploy script”.">
              <Input
                id="key-name"
                value={name}
                maxLength={80}
                required
                onChange={(e) => setName(e.target.value)}
              />
            </Field>
            <Field label="Scope" htmlFor="key-scope" hint={SCOPE_SAYS[scope]}>
              <Select id="key-scope" value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScope)}>
                <option value="read">Read</option>
                <option value="write">Write</option>
              </Select>
            </Field>
            {create.error && <Alert>{create.error.message}</Alert>}
            <div>
              <Button type="submit" busy={create.isPending}>
                Create key
              </Button>
            </div>
          </ClientForm>
        )}
      </CardBody>
    </Card>
  );
}

/** The team's keys: prefix, scope, last use; revoke asks first. */
export function ApiKeyList({ keys }: { keys: ApiKeyView[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [asking, setAsking] = useState<ApiKeyView | null>(null);
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      onSuccess: () => {
        setAsking(null);
        router.refresh();
      },
    }),
  );
  if (keys.length === 0) {
    return (
      <EmptyState title="No API keys yet">
        An API key lets a script do what you do here — create APIs, set prices, connect a wallet, publish,
        read usage — through the management API at <span className="font-mono">/api/v1</span>. Create one
        below.
      </EmptyState>
    );
  }
  return (
    <Card>
      <CardHeader
        title="API keys"
        description={
          <>
            Send one as <span className="font-mono">Authorization: Bearer tb_live_…</span>. The endpoints are
            described at{" "}
            <a className="underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      {asking && (
        <div className="px-5 pt-4">
          <div
            role="alertdialog"
            aria-label={`Revoke ${asking.name}?`}
            className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3"
          >
            <p className="text-sm text-zinc-800">
              <strong>Revoke {asking.name}?</strong> Every request with it is refused (401) from now on. This
              cannot be undone.
            </p>
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button
                variant="danger"
                busy={revoke.isPending}
                onClick={() => revoke.mutate({ keyId: asking.id })}
              >
                Yes, revoke
              </Button>
            </div>
          </div>
        </div>
      )}
      {revoke.error && (
        <div className="px-5 pt-4">
          <Alert>{revoke.error.message}</Alert>
        </div>
      )}
      <DataTable
        testId="api-keys"
        columns={[
          { label: "Name" },
          { label: "Key" },
          { label: "Scope" },
          { label: "Last used" },
          { label: "" },
        ]}
      >
        {keys.map((k) => (
          <tr key={k.id} className={k.revokedAt ? "text-zinc-400" : "text-zinc-800"}>
            <td className="px-5 py-3">
              <p className="font-medium">{k.name}</p>
              <p className="text-xs text-zinc-500">
                Created {formatDateTime(k.createdAt)}
                {k.createdBy ? ` by ${k.createdBy}` : ""}
              </p>
            </td>
            <td className="px-5 py-3 font-mono text-xs">{k.prefix}</td>
            <td className="px-5 py-3">
              <Badge tone={k.scope === "write" ? "amber" : "neutral"}>
                {k.scope === "write" ? "Write" : "Read"}
              </Badge>
            </td>
            <td className="px-5 py-3 text-xs">{k.lastUsedAt ? timeAgo(k.lastUsedAt) : "Never"}</td>
            <td className="px-5 py-3 text-right">
              {k.revokedAt ? (
                <Badge tone="red">Revoked {formatDateTime(k.revokedAt)}</Badge>
              ) : (
                <Button variant="danger" disabled={asking !== null} onClick={() => setAsking(k)}>
                  Revoke
                </Button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}
