"use client";

import { useMutation } from "@tanstack/react-query";
import { STREAM_SECONDS } from "@tollbooth/contract";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiView } from "@/server/apis/api-view";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Input } from "../ui/field";

/**
 * Origin signing (on/off, rotate; the new secret shown once) and the longest stream the gateway
 * lets through. Rotating and turning off ask first: the upstream's current secret stops working.
 */
export function OriginAndStreamsForm({ api }: { api: ApiView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<"rotate" | "off" | null>(null);
  const [streamSeconds, setStreamSeconds] = useState(api.maxStreamSeconds);
  const signing = useMutation(
    trpc.apis.setOriginSigning.mutationOptions({
      onSuccess: (result) => {
        setSecret(result.secret);
        setConfirming(null);
        router.refresh();
      },
    }),
  );
  const update = useMutation(trpc.apis.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = signing.error?.message ?? update.error?.message;
  return (
    <Card>
      <CardHeader
        title="Origin protection and streams"
        description="With origin signing on, the gateway signs every request it forwards (Tollbooth-Signature), so your upstream can refuse traffic that did not come through it. See the gateway README for a verifier in Node or Python."
      />
      <CardBody className="space-y-4">
        {error && <Alert>{error}</Alert>}
        {secret && (
          <Alert tone="success">
            <span className="block">
              Your origin signing secret. Copy it now into your upstream's configuration: it is not shown
              again.
            </span>
            <code className="mt-2 block break-all font-mono text-xs" data-testid="origin-secret">
              {secret}
            </code>
          </Alert>
        )}
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-zinc-700">
            Origin signing: <strong>{api.originSigning ? "on" : "off"}</strong>
          </span>
          {!api.originSigning && (
            <Button
              variant="secondary"
              busy={signing.isPending}
              onClick={() => signing.mutate({ apiId: api.id, on: true })}
            >
              Turn on
            </Button>
          )}
          {api.originSigning && confirming === null && (
            <>
              <Button variant="secondary" onClick={() => setConfirming("rotate")}>
                Rotate secret
              </Button>
              <Button variant="danger" onClick={() => setConfirming("off")}>
                Turn off
              </Button>
            </>
          )}
        </div>
        {confirming && (
          <div className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm" role="alert">
            <p>
              {confirming === "rotate"
                ? "The current secret stops working within seconds: requests signed with the new one will fail at your upstream until you put the new secret there."
                : "Requests will go upstream unsigned: an upstream that checks signatures will refuse them."}
            </p>
            <div className="flex gap-2">
              <Button
                variant="danger"
                busy={signing.isPending}
                onClick={() => signing.mutate({ apiId: api.id, on: confirming === "rotate" })}
              >
                {confirming === "rotate" ? "Rotate the secret" : "Turn signing off"}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(null)}>
                Cancel
              </Button>
            </div>
          </div>
        )}
        <ClientForm
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ apiId: api.id, maxStreamSeconds: streamSeconds });
          }}
        >
          <div className="flex-1">
            <Field
              label="Longest stream (seconds)"
              htmlFor="s-seconds"
              hint={`Server-sent event streams are ended cleanly after this long (${STREAM_SECONDS.min}–${STREAM_SECONDS.max}).`}
            >
              <Input
                id="s-seconds"
                type="number"
                min={STREAM_SECONDS.min}
                max={STREAM_SECONDS.max}
                value={streamSeconds}
                onChange={(e) => setStreamSeconds(Number(e.target.value))}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary" busy={update.isPending}>
            Save limit
          </Button>
        </ClientForm>
        {update.isSuccess && <Alert tone="success">Saved.</Alert>}
      </CardBody>
    </Card>
  );
}
