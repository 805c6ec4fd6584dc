"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiView } from "@/server/apis/api-view";
import { Button } from "../ui/button";
import { Alert, Badge, Card, CardBody } from "../ui/card";

type Action = "publish" | "unpublish" | "pause" | "resume";

/** What each action does, said before the provider confirms it. */
const CONFIRM: Record<Action, { label: string; says: string }> = {
  publish: {
    label: "Publish",
    says: "It is listed in the hub and the gateway starts selling calls at your prices.",
  },
  unpublish: {
    label: "Unpublish",
    says: "It leaves the hub and the gateway stops selling and serving it (503) until you publish again. Tokens already sold keep their calls.",
  },
  pause: {
    label: "Pause",
    says: "It leaves the hub and the gateway answers 503 with Retry-After; no invoices, nothing proxied. Tokens already sold keep their calls.",
  },
  resume: { label: "Resume", says: "It is listed again and the gateway sells and serves it as before." },
};

export function PublishCard({ api, hasNode }: { api: ApiView; hasNode: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [asking, setAsking] = useState<Action | null>(null);
  const done = {
    onSuccess: () => {
      setAsking(null);
      router.refresh();
    },
  };
  const publish = useMutation(trpc.apis.setPublished.mutationOptions(done));
  const pause = useMutation(trpc.apis.setPaused.mutationOptions(done));
  const ready = hasNode && api.pricingRules.length > 0;
  const state = api.lifecycle;
  const error = publish.error ?? pause.error;
  const run = (action: Action) => {
    if (action === "publish" || action === "unpublish") {
      publish.mutate({ apiId: api.id, published: action === "publish" });
    } else pause.mutate({ apiId: api.id, paused: action === "pause" });
  };
  const actions: Action[] =
    state === "draft"
      ? ["publish"]
      : state === "published"
        ? ["pause", "unpublish"]
        : state === "paused"
          ? ["resume", "unpublish"]
          : [];
  return (
    <Card>
      <CardBody className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <div className="space-y-1">
            <p className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
              Status{" "}
              {state === "published" ? (
                <Badge tone="green">Published</Badge>
              ) : state === "paused" ? (
                <Badge tone="amber">Paused</Badge>
              ) : (
                <Badge tone="amber">{state === "disabled" ? "Disabled by the operator" : "Draft"}</Badge>
              )}
            </p>
            {state === "published" ? (
              <p className="text-sm text-zinc-500">
                Listed in the{" "}
                <Link className="underline" href={`/hub/${api.slug}`}>
                  hub
                </Link>
                . Builders can find, try and pay for it.
              </p>
            ) : state === "paused" ? (
              <p className="text-sm text-zinc-500">Not listed; the gateway answers 503 and sells nothing.</p>
            ) : (
              <ul className="text-sm text-zinc-500">
                <li>Not live: the gateway answers 503 and sells nothing until you publish.</li>
                <li>
                  {hasNode ? "✓" : "○"} Lightning node connected
                  {!hasNode && (
                    <>
                      {" "}
                      —{" "}
                      <Link className="underline" href="/dashboard/lightning">
                        connect one
                      </Link>
                    </>
                  )}
                </li>
                <li>{api.pricingRules.length > 0 ? "✓" : "○"} At least one pricing rule</li>
              </ul>
            )}
          </div>
          <div className="flex gap-2">
            {actions.map((action) => (
              <Button
                key={action}
                variant={action === "publish" || action === "resume" ? "primary" : "secondary"}
                disabled={(action === "publish" && !ready) || asking !== null}
                onClick={() => setAsking(action)}
              >
                {action === "publish" ? "Publish to the hub" : CONFIRM[action].label}
              </Button>
            ))}
          </div>
        </div>
        {asking && (
          <div
            role="alertdialog"
            aria-label={`${CONFIRM[asking].label} this API?`}
            className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3"
          >
            <p className="text-sm text-zinc-800">
              <strong>
                {CONFIRM[asking].label} {api.name}?
              </strong>{" "}
              {CONFIRM[asking].says}
            </p>
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button busy={publish.isPending || pause.isPending} onClick={() => run(asking)}>
                Yes, {CONFIRM[asking].label.toLowerCase()}
              </Button>
            </div>
          </div>
        )}
        {error && <Alert>{error.message}</Alert>}
      </CardBody>
    </Card>
  );
}
