/** Value grammar shared by the satisfiers: ASCII only, so a token decoded as latin1 can never smuggle look-alikes. */

const INTEGER = /^(?:0|[1-9][0-9]{0,15})$/;

/** A non-negative safe integer written canonically (no sign, no leading zeros). */
export function parseCount(value: string): number | undefined {
  if (!INTEGER.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `a,b,c` where every item matches `item`; duplicates are removed; empty lists are refused. */
export function parseList(value: string, item: RegExp, max = 64): string[] | undefined {
  if (value.length === 0) return undefined;
  const items = value.split(",");
  if (items.length > max) return undefined;
  for (const it of items) if (!item.test(it)) return undefined;
  return items.length === 1 ? items : [...new Set(items)];
}

export function isSubset(next: readonly string[], previous: readonly string[]): boolean {
  for (const it of next) if (!previous.includes(it)) return false;
  return true;
}

export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
