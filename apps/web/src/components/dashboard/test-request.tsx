"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { formatSats } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Input, Select } from "../ui/field";

export function TestRequest({ apiId, defaultPath }: { apiId: string; defaultPath: string }) {
  const trpc = useTRPC();
  const [method, setMethod] = useState<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">("GET");
  const [path, setPath] = useState(defaultPath);
  const send = useMutation(trpc.apis.sendTestRequest.mutationOptions());
  const r = send.data;
  return (
    <Card>
      <CardHeader
        title="Send a test request"
        description="Goes through the gateway without paying, exactly as a builder's first call."
      />
      <CardBody className="space-y-3">
        <ClientForm
          className="grid grid-cols-[6.5rem_1fr] gap-2 sm:grid-cols-[6.5rem_1fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate({ apiId, method, path });
          }}
        >
          <Field label="Method" htmlFor="t-method">
            <Select id="t-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              {(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((m) => (
                <option key={m}>{m}</option>
              ))}
            </Select>
          </Field>
          <Field label="Path" htmlFor="t-path">
            <Input id="t-path" value={path} onChange={(e) => setPath(e.target.value)} className="font-mono" />
          </Field>
          <Button
            type="submit"
            variant="secondary"
            busy={send.isPending}
            className="col-span-2 sm:col-span-1"
          >
            Send
          </Button>
        </ClientForm>
        {send.error && <Alert>{send.error.message}</Alert>}
        {r && (
          <div className="space-y-2 text-sm" data-testid="test-result">
            <p>
              <span
                className={`font-semibold ${r.status === 402 ? "text-amber-700" : r.status < 400 ? "text-emerald-700" : "text-red-700"}`}
              >
                {r.status}
              </span>{" "}
              in {r.ms} ms
              {r.priceSats !== null && <> · asks {formatSats(r.priceSats)} with a Lightning invoice</>}
            </p>
            <pre className="max-h-48 overflow-auto rounded-lg bg-zinc-950 p-3 font-mono text-xs text-zinc-100">
              {r.body}
            </pre>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
