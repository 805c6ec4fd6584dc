"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "../ui/button";
import { Alert, Badge, Card, CardBody, CardHeader } from "../ui/card";
import { Field, Input, Select, Textarea } from "../ui/field";

const ACTION_LABEL = { create: "New route", update: "Docs updated", unchanged: "Unchanged" } as const;

/**
 * "Import OpenAPI 3": paste JSON or YAML, preview what it creates and documents, then confirm.
 * The confirm sends the preview's plan hash: if the routes changed since, the server says so (409)
 * and nothing is written.
 */
export function OpenApiImport({ apiId }: { apiId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [document, setDocument] = useState("");
  const [kind, setKind] = useState<"per_call" | "free">("per_call");
  const [priceSats, setPriceSats] = useState(10);
  const preview = useMutation(trpc.apis.previewOpenApiImport.mutationOptions());
  const apply = useMutation(
    trpc.apis.applyOpenApiImport.mutationOptions({
      onSuccess: () => {
        preview.reset();
        router.refresh();
      },
    }),
  );
  const input = { apiId, document, newRoutes: { kind, priceSats: kind === "free" ? 0 : priceSats } };
  const plan = preview.data;
  const error = preview.error ?? apply.error;

  return (
    <Card>
      <CardHeader
        id="openapi-import"
        title="Import OpenAPI 3"
        description="Paste an OpenAPI 3 document (JSON or YAML). Its operations become routes with docs: existing routes keep their prices and get the docs, new ones are added at the end of the pricing rules."
      />
      <CardBody className="space-y-3">
        {error && <Alert>{error.message}</Alert>}
        {apply.data && (
          <Alert tone="success">
            Imported: {apply.data.summary.create} new routes, {apply.data.summary.update} documented.
          </Alert>
        )}
        <Field label="OpenAPI document" htmlFor="openapi-doc">
          <Textarea
            id="openapi-doc"
            rows={8}
            className="font-mono"
            spellCheck={false}
            value={document}
            onChange={(e) => {
              setDocument(e.target.value);
              preview.reset();
            }}
          />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="New routes are" htmlFor="openapi-kind" hint="An operation's own x-l402 price wins.">
            <Select
              id="openapi-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as "per_call" | "free");
                preview.reset();
              }}
            >
              <option value="per_call">Per call</option>
              <option value="free">Free</option>
            </Select>
          </Field>
          <Field label="Price per call (sats)" htmlFor="openapi-price">
            <Input
              id="openapi-price"
              type="number"
              min={1}
              disabled={kind === "free"}
              value={kind === "free" ? 0 : priceSats}
              onChange={(e) => {
                setPriceSats(Number(e.target.value));
                preview.reset();
              }}
            />
          </Field>
        </div>
        <div className="flex justify-end">
          <Button variant="secondary" busy={preview.isPending} onClick={() => preview.mutate(input)}>
            Preview import
          </Button>
        </div>
        {plan && (
          <div className="space-y-2" data-testid="openapi-preview">
            <p className="text-sm text-zinc-700">
              {plan.summary.create} new, {plan.summary.update} documented, {plan.summary.unchanged} unchanged.
            </p>
            <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200">
              {plan.routes.map((r) => (
                <li key={`${r.method} ${r.pathPattern}`} className="space-y-1 px-3 py-2 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={r.action === "create" ? "amber" : "neutral"}>{ACTION_LABEL[r.action]}</Badge>
                    <code className="font-mono">
                      {r.method === "*" ? "ANY" : r.method} {r.pathPattern}
                    </code>
                    <span className="text-zinc-500">
                      {r.kind === "free"
                        ? "free"
                        : `${r.priceSats} sat${r.kind === "time_pass" ? " pass" : ""}`}
                    </span>
                  </div>
                  {r.docs.description && (
                    <p className="text-xs text-zinc-600">{r.docs.description.split("\n")[0]}</p>
                  )}
                  {r.shadowedBy && (
                    <p className="text-xs text-amber-800" role="alert">
                      Never matches: the earlier rule {r.shadowedBy} takes every call of it. Reorder after
                      importing.
                    </p>
                  )}
                </li>
              ))}
            </ul>
            <div className="flex justify-end">
              <Button
                busy={apply.isPending}
                onClick={() => apply.mutate({ ...input, planHash: plan.planHash })}
              >
                Apply import
              </Button>
            </div>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
