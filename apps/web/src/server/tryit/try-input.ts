import { z } from "zod";

/** What a visitor may send through Try it: a path on the API, a method, an optional JSON body. */
export const ZTryRequest = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
  path: z
    .string()
    .trim()
    .max(500)
    .refine((p) => p.startsWith("/") && !p.startsWith("//"), "The path starts with a single /.")
    .refine(
      (p) => !/[\s\\]/.test(p) && !p.split("?")[0]!.split("/").includes(".."),
      "That path is not allowed.",
    ),
  body: z.string().max(8000).optional(),
});

const macaroon = z
  .string()
  .min(10)
  .max(4000)
  .regex(/^[A-Za-z0-9+/=_-]+$/, "The token is not base64.");

export const ZTryCall = ZTryRequest.extend({
  macaroon,
  preimage: z.string().regex(/^[0-9a-fA-F]{64}$/, "The preimage is 32 bytes of hex."),
});

/** The challenge's macaroon alone, to ask the gateway whether its invoice was settled. */
export const ZTrySettlement = z.object({ macaroon });
