"use client";

// Over 300 lines: the API page's five small settings forms, kept together as the page shows them.

import { useMutation } from "@tanstack/react-query";
import { isValidOrigin, MAX_ALLOWED_ORIGINS, normaliseOrigin } from "@tollbooth/contract";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { checkSlug } from "@/lib/slug";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiView } from "@/server/apis/api-view";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { ClientForm } from "../ui/client-form";
import { Field, Input, Select, Textarea } from "../ui/field";
import { CATEGORIES } from "./create-api-form";

export function DetailsForm({ api }: { api: ApiView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(api.name);
  const [description, setDescription] = useState(api.description);
  const [category, setCategory] = useState(api.category);
  const [validityHours, setValidityHours] = useState(Math.round(api.tokenValiditySeconds / 3600));
  const [freeCalls, setFreeCalls] = useState(api.freeTierCalls);
  const [freeWindowHours, setFreeWindowHours] = useState(Math.round(api.freeTierWindowSeconds / 3600));
  const update = useMutation(trpc.apis.update.mutationOptions({ onSuccess: () => router.refresh() }));
  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate({
      apiId: api.id,
      name,
      description,
      category: category as (typeof CATEGORIES)[number],
      tokenValiditySeconds: Math.max(1, validityHours) * 3600,
      freeTierCalls: Math.max(0, freeCalls),
      freeTierWindowSeconds: Math.max(1, freeWindowHours) * 3600,
    });
  }
  return (
    <Card>
      <CardHeader title="Details, free tier and tokens" />
      <CardBody>
        <ClientForm onSubmit={submit} className="grid gap-4 sm:grid-cols-2">
          {update.error && (
            <div className="sm:col-span-2">
              <Alert>{update.error.message}</Alert>
            </div>
          )}
          {update.isSuccess && (
            <div className="sm:col-span-2">
              <Alert tone="success">Saved.</Alert>
            </div>
          )}
          <Field label="Name" htmlFor="d-name">
            <Input id="d-name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Category" htmlFor="d-category">
            <Select id="d-category" value={category} onChange={(e) => setCategory(e.target.value)}>
              {CATEGORIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
          <div className="sm:col-span-2">
            <Field label="Description" htmlFor="d-description">
              <Textarea
                id="d-description"
                rows={2}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </Field>
          </div>
          <Field label="Free calls per client" htmlFor="d-free" hint="0 = no free tier.">
            <Input
              id="d-free"
              type="number"
              min={0}
              value={freeCalls}
              onChange={(e) => setFreeCalls(Number(e.target.value))}
            />
          </Field>
          <Field label="Free tier window (hours)" htmlFor="d-window">
            <Input
              id="d-window"
              type="number"
              min={1}
              value={freeWindowHours}
              onChange={(e) => setFreeWindowHours(Number(e.target.value))}
            />
          </Field>
          <Field
            label="Token validity (hours)"
            htmlFor="d-validity"
            hint="How long a paid token can be used."
          >
            <Input
              id="d-validity"
              type="number"
              min={1}
              value={validityHours}
              onChange={(e) => setValidityHours(Number(e.target.value))}
            />
          </Field>
          <div className="flex items-end justify-end sm:col-span-2">
            <Button type="submit" busy={update.isPending}>
              Save details
            </Button>
          </div>
        </ClientForm>
      </CardBody>
    </Card>
  );
}

export function UpstreamForm({ api }: { api: ApiView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [url, setUrl] = useState(api.upstreamBaseUrl);
  const [header, setHeader] = useState(api.upstreamSecretHeader ?? "x-api-key");
  const [secret, setSecret] = useState("");
  const update = useMutation(trpc.apis.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const setSecretM = useMutation(
    trpc.apis.setUpstreamSecret.mutationOptions({
      onSuccess: () => {
        setSecret("");
        router.refresh();
      },
    }),
  );
  const error = update.error?.message ?? setSecretM.error?.message;
  return (
    <Card>
      <CardHeader
        title="Upstream"
        description="Where paid calls go. The gateway adds the secret header; builders never see it."
      />
      <CardBody className="space-y-4">
        {error && <Alert>{error}</Alert>}
        {(update.isSuccess || setSecretM.isSuccess) && <Alert tone="success">Saved.</Alert>}
        <ClientForm
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            // A secret typed below goes along: it is sealed for the new upstream's origin.
            update.mutate({
              apiId: api.id,
              upstreamBaseUrl: url,
              ...(secret ? { upstreamSecret: secret } : {}),
            });
          }}
        >
          <div className="flex-1">
            <Field
              label="Upstream base URL"
              htmlFor="u-url"
              hint="The secret works for this host only: moving to another host clears it, unless you type the new host's secret below before saving."
            >
              <Input id="u-url" value={url} onChange={(e) => setUrl(e.target.value)} className="font-mono" />
            </Field>
          </div>
          <Button type="submit" variant="secondary" busy={update.isPending}>
            Save URL
          </Button>
        </ClientForm>
        {api.allowPrivateUpstream && (
          <p className="text-xs text-amber-800">
            This upstream is on a private network; that is allowed outside production only.
          </p>
        )}
        <ClientForm
          className="grid gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            setSecretM.mutate({ apiId: api.id, header, secret });
          }}
        >
          <Field label="Secret header" htmlFor="u-header">
            <Input
              id="u-header"
              value={header}
              onChange={(e) => setHeader(e.target.value)}
              className="font-mono"
            />
          </Field>
          <Field
            label="Secret"
            htmlFor="u-secret"
            hint={
              api.upstreamSecretMasked ? "A secret is set. Type a new one to replace it." : "No secret set."
            }
          >
            <Input
              id="u-secret"
              type="password"
              autoComplete="off"
              placeholder={api.upstreamSecretMasked ?? "Paste the upstream's key"}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" variant="secondary" busy={setSecretM.isPending} disabled={!secret}>
              Save secret
            </Button>
            {api.upstreamSecretMasked && (
              <Button
                variant="danger"
                onClick={() => setSecretM.mutate({ apiId: api.id, header, secret: null })}
              >
                Clear
              </Button>
            )}
          </div>
        </ClientForm>
      </CardBody>
    </Card>
  );
}

/** How pricing reads paths (strict or as most routers do) and which browser origins may call. */
export function PathsAndBrowsersForm({ api }: { api: ApiView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [strict, setStrict] = useState(api.strictPathMatching);
  const [origins, setOrigins] = useState(api.allowedOrigins.join("\n"));
  const update = useMutation(trpc.apis.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const list = origins
    .split(/[\s,]+/)
    .map(normaliseOrigin)
    .filter((o) => o !== "");
  const bad = list.find((o) => !isValidOrigin(o));
  const originsError = bad
    ? `"${bad}" is not an origin: use scheme://host[:port], like https://app.example.com.`
    : list.length > MAX_ALLOWED_ORIGINS
      ? `List at most ${MAX_ALLOWED_ORIGINS} origins.`
      : null;
  return (
    <Card>
      <CardHeader
        title="Paths and browsers"
        description="How the gateway matches request paths to your prices, and which web pages may call this API from a browser."
      />
      <CardBody>
        <ClientForm
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ apiId: api.id, strictPathMatching: strict, allowedOrigins: list });
          }}
        >
          {update.error && <Alert>{update.error.message}</Alert>}
          {update.isSuccess && <Alert tone="success">Saved.</Alert>}
          <label htmlFor="p-strict" className="flex items-start gap-2 text-sm text-zinc-800">
            <input
              id="p-strict"
              type="checkbox"
              className="mt-1"
              checked={strict}
              onChange={(e) => setStrict(e.target.checked)}
            />
            <span>
              Strict path matching
              <span className="block text-xs text-zinc-500">
                Off (recommended): /Forecast and /forecast/ are priced like /forecast, as Express, Spring and
                most routers serve them. On: only the exact spelling matches — use it only if your upstream
                also tells those spellings apart.
              </span>
            </span>
          </label>
          <Field
            label="Allowed browser origins"
            htmlFor="p-origins"
            error={originsError}
            hint="One per line, like https://app.example.com. Empty = any origin. Agents and servers are never affected."
          >
            <Textarea
              id="p-origins"
              rows={3}
              className="font-mono"
              value={origins}
              onChange={(e) => setOrigins(e.target.value)}
              aria-invalid={originsError !== null}
            />
          </Field>
          <div className="flex justify-end">
            <Button type="submit" busy={update.isPending} disabled={originsError !== null}>
              Save path and browser settings
            </Button>
          </div>
        </ClientForm>
      </CardBody>
    </Card>
  );
}

export function SlugForm({ api }: { api: ApiView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [slug, setSlug] = useState(api.slug);
  const rename = useMutation(trpc.apis.renameSlug.mutationOptions({ onSuccess: () => router.refresh() }));
  const shape = checkSlug(slug);
  return (
    <ClientForm
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        rename.mutate({ apiId: api.id, slug });
      }}
    >
      <div className="flex-1">
        <Field
          label="Slug (subdomain)"
          htmlFor="s-slug"
          error={!shape.ok ? shape.message : (rename.error?.message ?? null)}
          hint="The old address stays yours for the grace period (30 days by default) and redirects (308) here meanwhile; then it is free for anyone."
        >
          <Input
            id="s-slug"
            value={slug}
            onChange={(e) => setSlug(e.target.value.toLowerCase())}
            className="font-mono"
            aria-invalid={!shape.ok}
          />
        </Field>
      </div>
      <Button
        type="submit"
        variant="secondary"
        busy={rename.isPending}
        disabled={!shape.ok || slug === api.slug}
      >
        Rename
      </Button>
    </ClientForm>
  );
}

export function DeleteApi({ api }: { api: ApiView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const del = useMutation(
    trpc.apis.delete.mutationOptions({
      onSuccess: () => {
        router.push("/dashboard");
        router.refresh();
      },
    }),
  );
  return (
    <Card className="border-red-200">
      <CardHeader
        title="Delete this API"
        description="The gateway stops serving it at once (410 Gone) and it leaves the hub. Its payments and usage history stay in your numbers. Its address stays yours for the grace period, then it is freed. This cannot be undone."
      />
      <CardBody className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field label={`Type ${api.slug} to confirm`} htmlFor="del-confirm">
            <Input
              id="del-confirm"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              className="font-mono"
            />
          </Field>
        </div>
        <Button
          variant="danger"
          busy={del.isPending}
          disabled={confirm !== api.slug}
          onClick={() => del.mutate({ apiId: api.id })}
        >
          Delete API
        </Button>
      </CardBody>
    </Card>
  );
}
