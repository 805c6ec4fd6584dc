import { checkHealthPath, isValidOrigin, MAX_ALLOWED_ORIGINS, normaliseOrigin } from "@tollbooth/contract";
import { forbiddenSecretHeaderReason } from "@tollbooth/upstream-guard";
import { z } from "zod";
import { checkSlug } from "../../lib/slug";

export const API_CATEGORIES = [
  "weather",
  "finance",
  "data",
  "ai",
  "media",
  "developer",
  "fun",
  "other",
] as const;

export const ZSlug = z.string().superRefine((value, ctx) => {
  const check = checkSlug(value);
  if (!check.ok) ctx.addIssue({ code: "custom", message: `Slug: ${check.message}` });
});

/** The header an upstream secret is sent in: a valid name, never one that frames or routes the request. */
export const ZHeaderName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Use a valid HTTP header name, like x-api-key.")
  .superRefine((value, ctx) => {
    const reason = forbiddenSecretHeaderReason(value);
    if (reason)
      ctx.addIssue({ code: "custom", message: `Secret header: ${reason}. Use one like x-api-key.` });
  });

export const ZUpstreamUrl = z
  .string()
  .trim()
  .max(2000)
  .url("Enter the upstream base URL, like https://api.example.com/v1.");

export const ZApiDetails = z.object({
  name: z.string().trim().min(2, "Give the API a name of at least 2 characters.").max(80),
  description: z.string().trim().max(500).default(""),
  category: z.enum(API_CATEGORIES).default("other"),
});

/** CORS allowed origins; empty = any origin. Normalised to lower case, duplicates dropped. */
export const ZAllowedOrigins = z
  .array(z.string().max(300).transform(normaliseOrigin))
  .max(MAX_ALLOWED_ORIGINS, `List at most ${MAX_ALLOWED_ORIGINS} origins.`)
  .transform((list) => [...new Set(list.filter((o) => o !== ""))])
  .superRefine((list, ctx) => {
    for (const origin of list) {
      if (!isValidOrigin(origin)) {
        ctx.addIssue({
          code: "custom",
          message: `"${origin}" is not an origin: use scheme://host[:port], like https://app.example.com.`,
        });
      }
    }
  });

/**
 * The provider's health route (packages/contract health.ts: one plain path under the upstream
 * base URL); "" or null clears it, and the gateway then picks a free route or the base URL.
 */
export const ZHealthPath = z
  .string()
  .trim()
  .max(400)
  .nullable()
  .transform((v) => (v === null || v === "" ? null : v))
  .superRefine((v, ctx) => {
    if (v === null) return;
    const check = checkHealthPath(v);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
  });
