import { z } from "zod";

/**
 * The web app's settings, read once and validated. Parsed lazily so `next build` works without a
 * database or a gateway around.
 */
const EnvSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  /**
   * Unset means production: the development conveniences (private upstreams, one-click simnet
   * node, builder wallet) must be asked for. `npm start` and `npm test` ask for them.
   */
  TOLLBOOTH_ENV: z.enum(["development", "production"]).default("production"),
  GATEWAY_DOMAIN: z.string().default("gw.localhost"),
  GATEWAY_PORT: z.coerce.number().int().positive().default(8402),
  GATEWAY_PUBLIC_URL: z.string().url().default("http://127.0.0.1:8402"),
  GATEWAY_INTERNAL_URL: z.string().url().default("http://127.0.0.1:8402"),
  TOLLBOOTH_SIMNET_ADMIN: z.string().url().default("http://127.0.0.1:10010"),
  /** Bearer token of the simnet admin API (npm start passes it; the simnet writes it to its data dir). */
  TOLLBOOTH_SIMNET_ADMIN_TOKEN: z.string().optional(),
  /** How often the hub re-asks the gateway for each published API's live price. */
  QUOTE_REFRESH_SECONDS: z.coerce.number().int().min(5).default(30),
  /** Extra origins (comma-separated) allowed to send mutations, besides the request's own host. */
  WEB_ALLOWED_ORIGINS: z.string().default(""),
});

export type WebEnv = z.infer<typeof EnvSchema> & { isProduction: boolean };

let cached: WebEnv | undefined;

export function env(): WebEnv {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Invalid web settings: ${first?.path.join(".")}: ${first?.message}`);
  }
  cached = { ...parsed.data, isProduction: parsed.data.TOLLBOOTH_ENV === "production" };
  return cached;
}

export function gatewayAddressConfig() {
  const e = env();
  return { domain: e.GATEWAY_DOMAIN, port: e.GATEWAY_PORT, publicUrl: e.GATEWAY_PUBLIC_URL };
}
