"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import type { ConnectionView } from "@/server/lightning/connection-view";
import { Button } from "../ui/button";
import { Alert, Badge, Card, CardBody, CardHeader, EmptyState } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Input, Textarea } from "../ui/field";
import { WalletCheckResult } from "./wallet-check-result";
import { SECRET_LABEL, SPEND_WARNING, WALLET_LABEL } from "./wallet-kinds";

export function ConnectionList({ connections }: { connections: ConnectionView[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const test = useMutation(trpc.lightning.test.mutationOptions({ onSuccess: () => router.refresh() }));
  const remove = useMutation(trpc.lightning.remove.mutationOptions({ onSuccess: () => router.refresh() }));
  if (connections.length === 0) {
    return (
      <EmptyState title="No wallet connected">
        Connect an LND node, a Nostr Wallet Connect wallet or an LNbits wallet below. Payments go straight to
        it; Tollbooth never holds your funds.
      </EmptyState>
    );
  }
  return (
    <Card>
      <CardHeader
        title="Connected wallets"
        description="The newest one receives payments for all your APIs."
      />
      {(test.error || remove.error) && (
        <div className="px-5 pt-4">
          <Alert>{test.error?.message ?? remove.error?.message}</Alert>
        </div>
      )}
      <ul className="divide-y divide-zinc-100" data-testid="connections">
        {connections.map((c, i) => (
          <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
            <div className="min-w-0 space-y-0.5">
              <p className="flex items-center gap-2 text-sm font-medium text-zinc-900">
                <span className="font-mono">{c.socket}</span>
                <Badge tone={c.kind === "simnet" ? "brand" : "neutral"}>{WALLET_LABEL[c.kind]}</Badge>
                {i === 0 && <Badge tone="green">Receiving payments</Badge>}
              </p>
              <p className="text-xs text-zinc-500">
                {SECRET_LABEL[c.kind]} <span className="font-mono">{c.macaroonMasked}</span>
                {c.capabilities.length > 0 && (
                  <>
                    {" "}
                    · allows <span className="font-mono">{c.capabilities.join(", ")}</span>
                  </>
                )}
                {c.nodePubkey && (
                  <>
                    {" "}
                    · node <span className="font-mono">{c.nodePubkey.slice(0, 16)}…</span>
                  </>
                )}
              </p>
              <p
                className={`text-xs ${c.lastHealthAt === null ? "text-zinc-500" : c.lastHealthOk ? "text-emerald-700" : "text-red-700"}`}
              >
                {c.lastHealthAt
                  ? c.lastHealthOk
                    ? `Connection test passed · ${formatDateTime(c.lastHealthAt)}`
                    : `Connection test failed: ${c.lastHealthError ?? "unknown reason"}`
                  : "Not tested yet"}
              </p>
              {c.canSpend && <p className="text-xs text-amber-700">{SPEND_WARNING}</p>}
              {test.data?.id === c.id && test.data.alias !== undefined && (
                <WalletCheckResult
                  check={{
                    ok: test.data.lastHealthOk === true,
                    alias: test.data.alias,
                    network: test.data.network,
                    capabilities: test.data.capabilities,
                    canSpend: test.data.canSpend,
                    latencyMs: test.data.latencyMs,
                    error: test.data.lastHealthError,
                  }}
                />
              )}
            </div>
            <div className="flex gap-2">
              <Button
                variant="secondary"
                busy={test.isPending && test.variables?.connectionId === c.id}
                onClick={() => test.mutate({ connectionId: c.id })}
              >
                Test connection
              </Button>
              <Button
                variant="danger"
                busy={remove.isPending && remove.variables?.connectionId === c.id}
                onClick={() => remove.mutate({ connectionId: c.id })}
              >
                Remove
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

const DEV_KINDS = [
  { kind: "simnet", label: "LND (gRPC)" },
  { kind: "nwc", label: "Nostr Wallet Connect" },
  { kind: "lnbits", label: "LNbits" },
] as const;

export function SimnetConnect() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(
    trpc.lightning.createSimnetNode.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  return (
    <Card className="border-amber-200">
      <CardHeader
        title="Development: one-click simnet wallet"
        description="A simulated Lightning wallet on this machine's simnet, reached the way you choose. Real protocols, play money. Not available in production."
      />
      <CardBody className="space-y-3">
        {create.error && <Alert>{create.error.message}</Alert>}
        {create.isSuccess && <Alert tone="success">Simnet node created and connected.</Alert>}
        <div className="flex flex-wrap gap-2">
          {DEV_KINDS.map((k) => (
            <Button
              key={k.kind}
              variant={k.kind === "simnet" ? "primary" : "secondary"}
              onClick={() => create.mutate({ kind: k.kind })}
              busy={create.isPending && create.variables?.kind === k.kind}
            >
              {k.kind === "simnet" ? "Create a simnet node" : `Simnet wallet over ${k.label}`}
            </Button>
          ))}
        </div>
      </CardBody>
    </Card>
  );
}

/** An LND node: gRPC address, TLS certificate and an invoice-only macaroon. */
export function LndConnectFields() {
  const trpc = useTRPC();
  const router = useRouter();
  const [socket, setSocket] = useState("");
  const [tlsCert, setTlsCert] = useState("");
  const [macaroon, setMacaroon] = useState("");
  const connect = useMutation(
    trpc.lightning.connectLnd.mutationOptions({
      onSuccess: () => {
        setMacaroon("");
        router.refresh();
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    connect.mutate({ socket, tlsCert: tlsCert || undefined, macaroon });
  }
  return (
    <ClientForm onSubmit={submit} className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600" data-testid="lnd-guide">
        The node's gRPC address (host:port, usually 10009), its <span className="font-mono">tls.cert</span>,
        and an invoice-only macaroon (LND's <span className="font-mono">invoice.macaroon</span>, or{" "}
        <span className="font-mono">lncli bakemacaroon invoices:read invoices:write</span>). An admin macaroon
        is refused: the gateway never needs to spend.
      </p>
      {connect.error && <Alert>{connect.error.message}</Alert>}
      {connect.isSuccess && <Alert tone="success">Connected. Your APIs are now paid into this node.</Alert>}
      <Field label="gRPC address" htmlFor="l-socket" hint="host:port, usually port 10009.">
        <Input
          id="l-socket"
          required
          value={socket}
          onChange={(e) => setSocket(e.target.value)}
          placeholder="node.example.com:10009"
          className="font-mono"
        />
      </Field>
      <Field
        label="TLS certificate"
        htmlFor="l-cert"
        hint="Paste tls.cert (PEM) or its base64. Leave empty if the node has a publicly trusted certificate."
      >
        <Textarea
          id="l-cert"
          rows={3}
          value={tlsCert}
          onChange={(e) => setTlsCert(e.target.value)}
          className="font-mono text-xs"
        />
      </Field>
      <Field
        label="Invoice macaroon"
        htmlFor="l-mac"
        hint="Hex or base64 of invoice.macaroon. Sealed on save, never shown again."
      >
        <Textarea
          id="l-mac"
          rows={3}
          required
          value={macaroon}
          onChange={(e) => setMacaroon(e.target.value)}
          className="font-mono text-xs"
          autoComplete="off"
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
