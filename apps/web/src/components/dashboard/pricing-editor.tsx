"use client";

import { useMutation } from "@tanstack/react-query";
import { PRICING_METHODS, type PricingMethod } from "@tollbooth/contract";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { findShadowedRules } from "@/lib/shadowed-rules";
import { useTRPC } from "@/lib/trpc/client";
import type { ApiView } from "@/server/apis/api-view";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader, EmptyState } from "../ui/card";
import { Input, Select } from "../ui/field";
import { type DefaultRoute, DefaultRouteField } from "./default-route-field";
import { PaymentBuys, RuleColumns } from "./pricing-rule-parts";

type Kind = "free" | "per_call" | "time_pass";
type Method = PricingMethod;
interface Row {
  key: number;
  method: Method;
  pathPattern: string;
  kind: Kind;
  priceSats: number;
  callsPerToken: number;
  passSeconds: number | null;
}

const METHODS: readonly Method[] = PRICING_METHODS;

/** A rule's price fields only (never its id, position or docs). */
function priceOf<R extends Omit<Row, "key" | "method">>(r: R): Omit<Row, "key" | "method"> {
  const { pathPattern, kind, priceSats, callsPerToken, passSeconds } = r;
  return { pathPattern, kind, priceSats, callsPerToken, passSeconds };
}
let nextKey = 1;

export function PricingEditor({ api }: { api: ApiView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [rows, setRows] = useState<Row[]>(() =>
    api.pricingRules.map((r) => ({ ...priceOf(r), method: r.method as Method, key: nextKey++ })),
  );
  const [defaultRoute, setDefaultRoute] = useState<DefaultRoute>(api.defaultRoute);
  const [saved, setSaved] = useState(false);
  // Flagged before saving; the save is still allowed (a reorder may be half done).
  const shadowed = new Map(findShadowedRules(rows).map((s) => [s.index, s.by]));
  const save = useMutation(
    trpc.apis.setPricingRules.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        router.refresh();
      },
    }),
  );
  const update = (key: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const move = (index: number, delta: number) => {
    setSaved(false);
    setRows((rs) => {
      const copy = rs.slice();
      const [row] = copy.splice(index, 1);
      if (row) copy.splice(index + delta, 0, row);
      return copy;
    });
  };
  const add = () => {
    setSaved(false);
    setRows((rs) => [
      ...rs,
      {
        key: nextKey++,
        method: "GET",
        pathPattern: "/",
        kind: "per_call",
        priceSats: 10,
        callsPerToken: 1,
        passSeconds: null,
      },
    ]);
  };

  return (
    <Card>
      <CardHeader
        id="pricing"
        title="Pricing"
        description="Rules are tried top to bottom; the first match prices the call. Paths: exact /v1/x, prefix /v1/*, or parameters /v1/:id."
        action={
          <Button variant="secondary" onClick={add}>
            Add rule
          </Button>
        }
      />
      <CardBody className="space-y-3">
        {save.error && <Alert>{save.error.message}</Alert>}
        {saved && <Alert tone="success">Prices saved. The gateway uses them from the next request.</Alert>}
        {rows.length === 0 ? (
          <EmptyState title="No pricing rules yet">
            Add a rule to say what a call costs. Without one, the API cannot be published.
          </EmptyState>
        ) : (
          <>
            <RuleColumns />
            <ul className="space-y-2" aria-label="Pricing rules">
              {rows.map((r, i) => (
                <li
                  key={r.key}
                  className="grid grid-cols-2 gap-2 rounded-lg border border-zinc-200 p-3 sm:grid-cols-[6rem_1fr_8rem_7rem_6rem_7.5rem]"
                  data-testid="pricing-rule"
                >
                  <label className="sr-only" htmlFor={`m-${r.key}`}>
                    Method
                  </label>
                  <Select
                    id={`m-${r.key}`}
                    value={r.method}
                    onChange={(e) => update(r.key, { method: e.target.value as Method })}
                  >
                    {METHODS.map((m) => (
                      <option key={m} value={m}>
                        {m === "*" ? "ANY" : m}
                      </option>
                    ))}
                  </Select>
                  <label className="sr-only" htmlFor={`p-${r.key}`}>
                    Path pattern
                  </label>
                  <Input
                    id={`p-${r.key}`}
                    value={r.pathPattern}
                    onChange={(e) => update(r.key, { pathPattern: e.target.value })}
                    className="font-mono"
                    spellCheck={false}
                  />
                  <label className="sr-only" htmlFor={`k-${r.key}`}>
                    Kind
                  </label>
                  <Select
                    id={`k-${r.key}`}
                    value={r.kind}
                    onChange={(e) =>
                      update(r.key, {
                        kind: e.target.value as Kind,
                        passSeconds: e.target.value === "time_pass" ? (r.passSeconds ?? 3600) : null,
                      })
                    }
                  >
                    <option value="per_call">Per call</option>
                    <option value="time_pass">Time pass</option>
                    <option value="free">Free</option>
                  </Select>
                  <div className="relative">
                    <label className="sr-only" htmlFor={`s-${r.key}`}>
                      Price in sats
                    </label>
                    <Input
                      id={`s-${r.key}`}
                      type="number"
                      min={0}
                      value={r.kind === "free" ? 0 : r.priceSats}
                      disabled={r.kind === "free"}
                      onChange={(e) => update(r.key, { priceSats: Number(e.target.value) })}
                      className="pr-10"
                    />
                    <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-zinc-400">
                      sats
                    </span>
                  </div>
                  {r.kind === "time_pass" ? (
                    <div className="relative">
                      <label className="sr-only" htmlFor={`t-${r.key}`}>
                        Pass length in minutes
                      </label>
                      <Input
                        id={`t-${r.key}`}
                        type="number"
                        min={1}
                        title="Pass length in minutes"
                        value={Math.round((r.passSeconds ?? 3600) / 60)}
                        onChange={(e) => update(r.key, { passSeconds: Number(e.target.value) * 60 })}
                        className="pr-10"
                      />
                      {/* On phones the column headers are hidden: the unit says what the number is. */}
                      <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-zinc-400">
                        min
                      </span>
                    </div>
                  ) : (
                    <div className="relative">
                      <label className="sr-only" htmlFor={`c-${r.key}`}>
                        Calls per payment
                      </label>
                      <Input
                        id={`c-${r.key}`}
                        type="number"
                        min={1}
                        title="Calls per payment"
                        value={r.callsPerToken}
                        disabled={r.kind === "free"}
                        onChange={(e) => update(r.key, { callsPerToken: Number(e.target.value) })}
                        className="pr-12"
                      />
                      <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-zinc-400">
                        calls
                      </span>
                    </div>
                  )}
                  <div className="col-span-2 flex items-center justify-end gap-1 sm:col-span-1">
                    <Button
                      variant="ghost"
                      className="px-2"
                      aria-label="Move rule up"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      variant="ghost"
                      className="px-2"
                      aria-label="Move rule down"
                      disabled={i === rows.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </Button>
                    <Button
                      variant="ghost"
                      className="px-2 text-red-700"
                      aria-label="Remove rule"
                      onClick={() => {
                        setSaved(false);
                        setRows((rs) => rs.filter((x) => x.key !== r.key));
                      }}
                    >
                      ✕
                    </Button>
                  </div>
                  {shadowed.has(i) && (
                    <p
                      className="col-span-full text-xs text-amber-800"
                      role="alert"
                      data-testid="shadow-warning"
                    >
                      Never matches: rule {(shadowed.get(i) ?? 0) + 1} above already covers every call this
                      one would. Move it up or remove it.
                    </p>
                  )}
                  <PaymentBuys rule={r} />
                </li>
              ))}
            </ul>
          </>
        )}
        <DefaultRouteField
          value={defaultRoute}
          onChange={(v) => {
            setSaved(false);
            setDefaultRoute(v);
          }}
        />
        <p className="text-xs text-zinc-500">
          Calls: how many calls one payment buys. For a time pass, the pass length in minutes. A token keeps
          what it bought: saving, reordering or repricing rules, or renaming the slug, never takes paid calls
          away; a request priced under a different method or pattern is sold separately.
        </p>
        <div className="flex justify-end">
          <Button
            busy={save.isPending}
            onClick={() =>
              // Docs are left out on purpose: the server keeps each route's docs (same method and
              // pattern), so this save never overwrites docs edited or imported meanwhile.
              save.mutate({
                apiId: api.id,
                rules: rows.map((r) => ({ ...priceOf(r), method: r.method })),
                defaultRoute,
              })
            }
          >
            Save prices
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}
