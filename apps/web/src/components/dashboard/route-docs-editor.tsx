"use client";

import { useMutation } from "@tanstack/react-query";
import { PARAMETER_PLACES, PARAMETER_TYPES, type RouteDocs, type RouteParameter } from "@tollbooth/contract";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiView } from "@/server/apis/api-view";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader, EmptyState } from "../ui/card";
import { Field, Input, Select, Textarea } from "../ui/field";

type Rule = ApiView["pricingRules"][number];
type KeyedParameter = RouteParameter & { key: number };
let nextKey = 1;

const EMPTY: RouteDocs = {
  description: "",
  parameters: [],
  example_request: null,
  example_response: null,
  request_schema: null,
  response_schema: null,
};

/** Each saved route's docs: what buyers and agents read on the hub, in the catalog and openapi.json. */
export function RouteDocsEditor({ api }: { api: ApiView }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader
        id="route-docs"
        title="Route docs"
        description="What each route takes and answers. Shown on the hub page, in the catalog, in the gateway's openapi.json and to agents over MCP. Save prices first: docs belong to saved routes."
      />
      <CardBody className="space-y-2">
        {api.pricingRules.length === 0 ? (
          <EmptyState title="No routes yet">
            Add pricing rules (or import an OpenAPI document) first.
          </EmptyState>
        ) : (
          <ul className="space-y-2" aria-label="Route docs">
            {api.pricingRules.map((r) => (
              <li key={r.id} className="rounded-lg border border-zinc-200 p-3" data-testid="route-docs">
                <div className="flex items-center justify-between gap-2">
                  <code className="font-mono text-sm text-zinc-800">
                    {r.method === "*" ? "ANY" : r.method} {r.pathPattern}
                  </code>
                  <span className="truncate text-xs text-zinc-500">
                    {r.docs?.description.split("\n")[0] || "Not documented"}
                  </span>
                  <Button variant="ghost" onClick={() => setOpen(open === r.id ? null : r.id)}>
                    {open === r.id ? "Close" : "Edit docs"}
                  </Button>
                </div>
                {open === r.id && <DocsForm apiId={api.id} rule={r} />}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

/** A JSON Schema textarea's value, or the reason it is not one. */
function parseSchema(text: string): { value: Record<string, unknown> | null } | { error: string } {
  if (text.trim() === "") return { value: null };
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value))
      return { value: value as Record<string, unknown> };
    return { error: "A JSON Schema is a JSON object." };
  } catch (err) {
    return { error: `Not JSON: ${(err as Error).message}` };
  }
}

function DocsForm({ apiId, rule }: { apiId: string; rule: Rule }) {
  const trpc = useTRPC();
  const router = useRouter();
  const start = rule.docs ?? EMPTY;
  const [description, setDescription] = useState(start.description);
  const [params, setParams] = useState<KeyedParameter[]>(() =>
    start.parameters.map((p) => ({ ...p, key: nextKey++ })),
  );
  const [exampleRequest, setExampleRequest] = useState(start.example_request ?? "");
  const [exampleResponse, setExampleResponse] = useState(start.example_response ?? "");
  const [requestSchema, setRequestSchema] = useState(
    start.request_schema ? JSON.stringify(start.request_schema, null, 2) : "",
  );
  const [responseSchema, setResponseSchema] = useState(
    start.response_schema ? JSON.stringify(start.response_schema, null, 2) : "",
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useMutation(trpc.apis.setRouteDocs.mutationOptions({ onSuccess: () => router.refresh() }));
  const patch = (i: number, p: Partial<RouteParameter>) =>
    setParams((ps) => ps.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const id = (s: string) => `${s}-${rule.id}`;

  const submit = () => {
    const req = parseSchema(requestSchema);
    const res = parseSchema(responseSchema);
    if ("error" in req) return setLocalError(`Request schema: ${req.error}`);
    if ("error" in res) return setLocalError(`Response schema: ${res.error}`);
    setLocalError(null);
    save.mutate({
      apiId,
      ruleId: rule.id,
      docs: {
        description,
        parameters: params.map(({ key: _key, ...p }) => p),
        example_request: exampleRequest.trim() === "" ? null : exampleRequest,
        example_response: exampleResponse.trim() === "" ? null : exampleResponse,
        request_schema: req.value,
        response_schema: res.value,
      },
    });
  };

  return (
    <div className="mt-3 space-y-3">
      {(localError || save.error) && <Alert>{localError ?? save.error?.message}</Alert>}
      {save.isSuccess && <Alert tone="success">Docs saved.</Alert>}
      <Field label="Description" htmlFor={id("d")}>
        <Textarea
          id={id("d")}
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800">Parameters</legend>
        {params.map((p, i) => (
          <div key={p.key} className="grid grid-cols-2 gap-2 sm:grid-cols-[1fr_6rem_6rem_5rem_2fr_2rem]">
            <Input aria-label="Name" value={p.name} onChange={(e) => patch(i, { name: e.target.value })} />
            <Select
              aria-label="In"
              value={p.in}
              onChange={(e) => patch(i, { in: e.target.value as RouteParameter["in"] })}
            >
              {PARAMETER_PLACES.map((place) => (
                <option key={place}>{place}</option>
              ))}
            </Select>
            <Select
              aria-label="Type"
              value={p.type}
              onChange={(e) => patch(i, { type: e.target.value as RouteParameter["type"] })}
            >
              {PARAMETER_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </Select>
            <label className="flex items-center gap-1 text-xs text-zinc-600">
              <input
                type="checkbox"
                checked={p.required}
                onChange={(e) => patch(i, { required: e.target.checked })}
              />
              required
            </label>
            <Input
              aria-label="Description"
              value={p.description}
              onChange={(e) => patch(i, { description: e.target.value })}
            />
            <Button
              variant="ghost"
              className="px-2 text-red-700"
              aria-label="Remove parameter"
              onClick={() => setParams((ps) => ps.filter((_, j) => j !== i))}
            >
              ✕
            </Button>
          </div>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            setParams((ps) => [
              ...ps,
              { name: "", in: "query", type: "string", required: false, description: "", key: nextKey++ },
            ])
          }
        >
          Add parameter
        </Button>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Example request" htmlFor={id("xq")} hint="A body or query string, shown as written.">
          <Textarea
            id={id("xq")}
            rows={4}
            className="font-mono"
            value={exampleRequest}
            onChange={(e) => setExampleRequest(e.target.value)}
          />
        </Field>
        <Field label="Example response" htmlFor={id("xr")}>
          <Textarea
            id={id("xr")}
            rows={4}
            className="font-mono"
            value={exampleResponse}
            onChange={(e) => setExampleResponse(e.target.value)}
          />
        </Field>
        <Field
          label="Request body JSON Schema"
          htmlFor={id("sq")}
          hint="Optional; agents fill call_api's body from it."
        >
          <Textarea
            id={id("sq")}
            rows={4}
            className="font-mono"
            value={requestSchema}
            onChange={(e) => setRequestSchema(e.target.value)}
          />
        </Field>
        <Field label="Response JSON Schema" htmlFor={id("sr")} hint="Optional.">
          <Textarea
            id={id("sr")}
            rows={4}
            className="font-mono"
            value={responseSchema}
            onChange={(e) => setResponseSchema(e.target.value)}
          />
        </Field>
      </div>
      <div className="flex justify-end">
        <Button busy={save.isPending} onClick={submit}>
          Save docs
        </Button>
      </div>
    </div>
  );
}
