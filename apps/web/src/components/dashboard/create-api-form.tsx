"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { type GatewayAddressConfig, gatewayUrlsFor } from "@/lib/gateway-urls";
import { checkSlug, slugFromName } from "@/lib/slug";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Input, Select, Textarea } from "../ui/field";

export const CATEGORIES = ["weather", "finance", "data", "ai", "media", "developer", "fun", "other"] as const;

export function CreateApiForm({ gateway }: { gateway: GatewayAddressConfig }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>("other");
  const [upstreamBaseUrl, setUpstream] = useState("");
  const [secretHeader, setSecretHeader] = useState("x-api-key");
  const [secret, setSecret] = useState("");
  const [debouncedSlug, setDebouncedSlug] = useState("");

  useEffect(() => {
    if (!slugEdited) setSlug(slugFromName(name));
  }, [name, slugEdited]);
  useEffect(() => {
    const t = setTimeout(() => setDebouncedSlug(slug), 300);
    return () => clearTimeout(t);
  }, [slug]);

  const shape = slug ? checkSlug(slug) : null;
  const availability = useQuery(
    trpc.apis.checkSlug.queryOptions(
      { slug: debouncedSlug },
      { enabled: Boolean(debouncedSlug && shape?.ok) },
    ),
  );
  const create = useMutation(
    trpc.apis.create.mutationOptions({
      onSuccess: (api) => {
        router.push(`/dashboard/apis/${api.id}`);
        router.refresh();
      },
    }),
  );
  const slugError =
    shape && !shape.ok
      ? shape.message
      : availability.data && !availability.data.ok
        ? availability.data.message
        : null;
  const urls = shape?.ok ? gatewayUrlsFor(slug, gateway) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({
      name,
      slug,
      description,
      category,
      upstreamBaseUrl,
      upstreamSecretHeader: secret ? secretHeader : undefined,
      upstreamSecret: secret || undefined,
    });
  }

  return (
    <ClientForm onSubmit={submit} className="flex flex-col gap-6" noValidate>
      {create.error && <Alert>{create.error.message}</Alert>}
      <Card>
        <CardHeader title="About the API" description="This is what builders see in the hub." />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor="name">
            <Input
              id="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Weather API"
            />
          </Field>
          <Field
            label="Slug"
            htmlFor="slug"
            error={slugError}
            hint={
              availability.data?.ok ? "Available." : "Lowercase letters, digits and hyphens; 3–40 characters."
            }
          >
            <Input
              id="slug"
              required
              value={slug}
              aria-invalid={Boolean(slugError)}
              aria-describedby={slugError ? "slug-error" : "slug-hint"}
              onChange={(e) => {
                setSlugEdited(true);
                setSlug(e.target.value.toLowerCase());
              }}
              className="font-mono"
              spellCheck={false}
            />
          </Field>
          {urls && (
            <div
              className="rounded-lg bg-zinc-50 px-3 py-2 text-xs text-zinc-600 sm:col-span-2"
              data-testid="gateway-urls"
            >
              <p className="font-medium text-zinc-700">Your API will answer at</p>
              <p className="mt-1 font-mono">{urls.subdomain}</p>
              <p className="font-mono">{urls.path}</p>
            </div>
          )}
          <div className="sm:col-span-2">
            <Field
              label="Description"
              htmlFor="description"
              hint="One or two sentences: what it returns and who it is for."
            >
              <Textarea
                id="description"
                rows={2}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </Field>
          </div>
          <Field label="Category" htmlFor="category">
            <Select
              id="category"
              value={category}
              onChange={(e) => setCategory(e.target.value as (typeof CATEGORIES)[number])}
            >
              {CATEGORIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Upstream"
          description="Where the gateway forwards paid calls. The secret is sealed on save and never shown again."
        />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Field
              label="Upstream base URL"
              htmlFor="upstream"
              hint="The gateway appends the request path to this URL."
            >
              <Input
                id="upstream"
                type="url"
                required
                value={upstreamBaseUrl}
                onChange={(e) => setUpstream(e.target.value)}
                placeholder="https://api.example.com/v1"
                className="font-mono"
              />
            </Field>
          </div>
          <Field label="Secret header" htmlFor="secret-header" hint="The header your upstream checks.">
            <Input
              id="secret-header"
              value={secretHeader}
              onChange={(e) => setSecretHeader(e.target.value)}
              className="font-mono"
            />
          </Field>
          <Field label="Secret value (optional)" htmlFor="secret" hint="Write-only.">
            <Input
              id="secret"
              type="password"
              autoComplete="off"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          </Field>
        </CardBody>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" busy={create.isPending} disabled={Boolean(slugError)}>
          Create API
        </Button>
      </div>
    </ClientForm>
  );
}
