/**
 * The query of `GET /api/catalog` and the hub page (docs/contract.md "Catalog"): text, category,
 * max price, free tier, sort, and paging by an opaque cursor. Anything malformed is a 400 with a
 * message saying which parameter and why, never a failed query.
 */
import { MAX_PRICE_SATS } from "@tollbooth/contract";
import { z } from "zod";
import { API_CATEGORIES } from "../apis/api-input";

export const CATALOG_SORTS = ["name", "price_asc", "price_desc", "newest"] as const;
export const DEFAULT_CATALOG_LIMIT = 50;
export const MAX_CATALOG_LIMIT = 100;

// Postgres text cannot hold NUL: refuse it here rather than fail the query with a 500.
const noNul = (s: string) => !s.includes("\0");
const NUL_TEXT = "Search text cannot contain NUL characters.";

/** A whole number from a query string (or a number from a caller in code), with a message naming it. */
const wholeNumber = (name: string, min: number, max: number) =>
  z.union([z.number(), z.string()], { error: `${name} is a whole number.` }).transform((v, ctx) => {
    const n = typeof v === "number" ? v : /^\d{1,10}$/.test(v) ? Number(v) : Number.NaN;
    const problem = !Number.isInteger(n)
      ? `${name} is a whole number.`
      : n < min
        ? `${name} is at least ${min}.`
        : n > max
          ? `${name} is at most ${max.toLocaleString("en-US")}.`
          : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return n;
  });

const CURSOR = /^o([0-9]{1,6})$/;

function encodeCursor(offset: number): string {
  return Buffer.from(`o${offset}`).toString("base64url");
}

export const ZCatalogQuerySchema = z.object({
  q: z.string().trim().max(100, "q is at most 100 characters.").refine(noNul, NUL_TEXT).optional(),
  category: z
    .string()
    .trim()
    .refine(noNul, NUL_TEXT)
    .pipe(z.enum(API_CATEGORIES, { error: `category is one of: ${API_CATEGORIES.join(", ")}.` }))
    .optional(),
  /** APIs that sell something (a route or the default) at or below this many sats per call. */
  max_price_sats: wholeNumber("max_price_sats", 0, MAX_PRICE_SATS).optional(),
  /** true: only APIs with free calls per visitor; false: only those without. */
  free_tier: z
    .union([z.boolean(), z.string()])
    .refine((v) => typeof v === "boolean" || v === "true" || v === "false", "free_tier is true or false.")
    .transform((v) => v === true || v === "true")
    .optional(),
  sort: z.enum(CATALOG_SORTS, { error: `sort is one of: ${CATALOG_SORTS.join(", ")}.` }).default("name"),
  limit: wholeNumber("limit", 1, MAX_CATALOG_LIMIT).default(DEFAULT_CATALOG_LIMIT),
  /** The `cursor` of the previous page's answer; absent = the first page. */
  cursor: z
    .string()
    .max(40)
    .transform((c, ctx) => {
      const match = CURSOR.exec(Buffer.from(c, "base64url").toString("utf8"));
      if (!match?.[1]) {
        ctx.addIssue({
          code: "custom",
          message: "cursor is not one this catalog gave: start again without it.",
        });
        return z.NEVER;
      }
      return Number(match[1]);
    })
    .optional(),
});
export type CatalogQuery = z.input<typeof ZCatalogQuerySchema>;
export type CatalogFilter = Omit<z.output<typeof ZCatalogQuerySchema>, "limit" | "cursor">;

/** One page of `items` from offset `cursor`, and the cursor of the next page (null on the last). */
export function pageOf<T>(items: T[], query: { limit: number; cursor?: number }) {
  const offset = query.cursor ?? 0;
  const page = items.slice(offset, offset + query.limit);
  const nextOffset = offset + page.length;
  return {
    page,
    total: items.length,
    nextCursor: nextOffset < items.length ? encodeCursor(nextOffset) : null,
  };
}

/** The same query with another cursor, as the relative link `/api/catalog?…` (or the hub's `/hub?…`). */
export function linkWithCursor(pathname: string, params: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(params);
  next.set("cursor", cursor);
  return `${pathname}?${next.toString()}`;
}
