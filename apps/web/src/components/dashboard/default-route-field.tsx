"use client";

import { Input, Select } from "../ui/field";

export type DefaultKind = "refuse" | "free" | "per_call";
export interface DefaultRoute {
  kind: DefaultKind;
  priceSats: number;
  callsPerToken: number;
}

/** The price of paths no rule matches: shown and chosen here, never hidden in the gateway. */
export function DefaultRouteField({
  value,
  onChange,
}: {
  value: DefaultRoute;
  onChange: (v: DefaultRoute) => void;
}) {
  return (
    <fieldset
      className="space-y-2 rounded-lg border border-dashed border-zinc-300 p-3"
      data-testid="default-route"
    >
      <legend className="px-1 text-sm font-semibold text-zinc-900">Unmatched paths</legend>
      <p className="text-xs text-zinc-500">
        A call whose method and path no rule above matches.{" "}
        {value.kind === "refuse"
          ? "Refused with 404 route_not_found: never charged, never sent to your upstream."
          : value.kind === "free"
            ? "Passed to your upstream for free."
            : `Sold at ${value.priceSats} sat per call, ${value.callsPerToken} call(s) per payment.`}
      </p>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-[14rem_7rem_6rem]">
        <label className="sr-only" htmlFor="default-kind">
          What unmatched paths do
        </label>
        <Select
          id="default-kind"
          value={value.kind}
          onChange={(e) => {
            const kind = e.target.value as DefaultKind;
            onChange({ ...value, kind, priceSats: kind === "per_call" ? Math.max(1, value.priceSats) : 0 });
          }}
        >
          <option value="refuse">Refuse (404)</option>
          <option value="per_call">Per call</option>
          <option value="free">Free</option>
        </Select>
        {value.kind === "per_call" && (
          <>
            <div className="relative">
              <label className="sr-only" htmlFor="default-price">
                Default price in sats
              </label>
              <Input
                id="default-price"
                type="number"
                min={1}
                value={value.priceSats}
                onChange={(e) => onChange({ ...value, priceSats: Number(e.target.value) })}
                className="pr-10"
              />
              <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-zinc-400">
                sats
              </span>
            </div>
            <div className="relative">
              <label className="sr-only" htmlFor="default-calls">
                Calls per payment
              </label>
              <Input
                id="default-calls"
                type="number"
                min={1}
                value={value.callsPerToken}
                onChange={(e) => onChange({ ...value, callsPerToken: Number(e.target.value) })}
                className="pr-12"
              />
              <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-zinc-400">
                calls
              </span>
            </div>
          </>
        )}
      </div>
    </fieldset>
  );
}
