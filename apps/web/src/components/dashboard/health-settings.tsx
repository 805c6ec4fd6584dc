"use client";

/** The API's upstream health as the gateways see it, and the health path the provider chooses. */
import { useMutation } from "@tanstack/react-query";
import { type ApiHealth, checkHealthPath } from "@tollbooth/contract";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiView } from "@/server/apis/api-view";
import { HealthStatus } from "../hub/health-status";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Input } from "../ui/field";

export function HealthSettings({ api, health, now }: { api: ApiView; health: ApiHealth; now: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [path, setPath] = useState(api.healthPath ?? "");
  const update = useMutation(trpc.apis.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const trimmed = path.trim();
  const check = trimmed === "" ? null : checkHealthPath(trimmed);
  const error = check && !check.ok ? check.message : null;
  return (
    <Card>
      <CardHeader
        title="Upstream health"
        description="The gateway asks your upstream periodically (every minute unless its operator set GATEWAY_HEALTH_INTERVAL_MS). Down after two failed checks (no answer, or a 5xx), up after one answer."
      />
      <CardBody className="space-y-4">
        <HealthStatus health={health} now={now} />
        <ClientForm
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ apiId: api.id, healthPath: trimmed === "" ? null : trimmed });
          }}
        >
          {update.error && <Alert>{update.error.message}</Alert>}
          {update.isSuccess && <Alert tone="success">Saved.</Alert>}
          <Field
            label="Health path"
            htmlFor="h-path"
            error={error}
            hint="A GET under your upstream base URL, like /health. Empty: the first free route without parameters, else the base URL."
          >
            <Input
              id="h-path"
              className="font-mono"
              value={path}
              placeholder="/health"
              onChange={(e) => setPath(e.target.value)}
              aria-invalid={error !== null}
            />
          </Field>
          <div className="flex justify-end">
            <Button type="submit" busy={update.isPending} disabled={error !== null}>
              Save health path
            </Button>
          </div>
        </ClientForm>
      </CardBody>
    </Card>
  );
}
