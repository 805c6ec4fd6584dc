"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiView } from "@/server/apis/api-view";
import { Button } from "../ui/button";
import { Alert, Badge, Card, CardBody } from "../ui/card";

export function PublishCard({ api, hasNode }: { api: ApiView; hasNode: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const publish = useMutation(trpc.apis.setPublished.mutationOptions({ onSuccess: () => router.refresh() }));
  const ready = hasNode && api.pricingRules.length > 0;
  return (
    <Card>
      <CardBody className="flex flex-wrap items-center justify-between gap-4">
        <div className="space-y-1">
          <p className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
            Hub listing{" "}
            {api.published ? <Badge tone="green">Published</Badge> : <Badge tone="amber">Draft</Badge>}
          </p>
          {api.published ? (
            <p className="text-sm text-zinc-500">
              Listed in the{" "}
              <Link className="underline" href={`/hub/${api.slug}`}>
                hub
              </Link>
              . Builders can find, try and pay for it.
            </p>
          ) : (
            <ul className="text-sm text-zinc-500">
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
          {publish.error && <Alert>{publish.error.message}</Alert>}
        </div>
        <Button
          variant={api.published ? "secondary" : "primary"}
          busy={publish.isPending}
          disabled={!api.published && !ready}
          onClick={() => publish.mutate({ apiId: api.id, published: !api.published })}
        >
          {api.published ? "Unpublish" : "Publish to the hub"}
        </Button>
      </CardBody>
    </Card>
  );
}
