/**
 * A young generation big enough that a request's garbage — and the usage events waiting up to a
 * batch interval for Postgres — dies there instead of being promoted to the old generation, whose
 * collections cost far more (what it was worth on the paid route: README, "Bench"). Costs up to
 * ~200 MB of address space, committed only when used. The bench gives its bare proxy the same flag.
 */
import v8 from "node:v8";

export const YOUNG_GENERATION_FLAG = "--max-semi-space-size=64";

/** Applies the flag unless the operator set --max-semi-space-size (flag or NODE_OPTIONS). */
export function applyYoungGeneration(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) =>
    a.includes("--max-semi-space-size"),
  );
  if (!given) v8.setFlagsFromString(YOUNG_GENERATION_FLAG);
}
