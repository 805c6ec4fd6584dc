import {
  DEFAULT_GATEWAY_DOMAIN,
  DEFAULT_GATEWAY_URL,
  DEFAULT_PORTS,
  DEFAULT_SIMNET_ADMIN_URL,
} from "@tollbooth/contract";
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
  GATEWAY_DOMAIN: z.string().default(DEFAULT_GATEWAY_DOMAIN),
  GATEWAY_PORT: z.coerce.number().int().positive().default(DEFAULT_PORTS.gateway),
  GATEWAY_PUBLIC_URL: z.string().url().default(DEFAULT_GATEWAY_URL),
  GATEWAY_INTERNAL_URL: z.string().url().default(DEFAULT_GATEWAY_URL),
  /** Shared with the gateway: lets Try it say whose request it sends (tryit/visitor-headers.ts). */
  GATEWAY_VISITOR_SECRET: z.string().min(16).optional(),
  TOLLBOOTH_SIMNET_ADMIN: z.string().url().default(DEFAULT_SIMNET_ADMIN_URL),
  /** Bearer token of the simnet admin API (npm start passes it; the simnet writes it to its data dir). */
  TOLLBOOTH_SIMNET_ADMIN_TOKEN: z.string().optional(),
  /** How often the hub re-asks the gateway for each published API's live price. */
  QUOTE_REFRESH_SECONDS: z.coerce.number().int().min(5).default(30),
  /** Days a renamed or deleted API's old slug stays reserved to its tenant (308 / 410 meanwhile). */
  TOLLBOOTH_SLUG_GRACE_DAYS: z.coerce.number().min(0).max(3650).default(30),
  /** Extra origins (comma-separated) allowed to send mutations, besides the request's own host. */
  WEB_ALLOWED_ORIGINS: z.string().default(""),
  /** Try it's builder wallet (development): the most it pays for one invoice, in sats. */
  TRYIT_MAX_INVOICE_SATS: z.coerce.number().int().min(0).default(1_000),
  /** The window the builder wallet's allowances below are counted over. */
  TRYIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3_600),
  TRYIT_VISITOR_SATS_PER_WINDOW: z.coerce.number().int().min(0).default(5_000),
  TRYIT_VISITOR_PAYMENTS_PER_WINDOW: z.coerce.number().int().min(0).default(30),
  /** All visitors together: the backstop when visitor addresses can be spoofed. */
  TRYIT_GLOBAL_SATS_PER_WINDOW: z.coerce.number().int().min(0).default(50_000),
  TRYIT_GLOBAL_PAYMENTS_PER_WINDOW: z.coerce.number().int().min(0).default(500),
  /**
   * This site's public URL, for links in mail (reset, confirm). Never taken from the request's Host
   * header: a forged Host would otherwise put an attacker's site in a real reset mail.
   */
  WEB_URL: z.string().url().optional(),
  WEB_PORT: z.coerce.number().int().positive().default(DEFAULT_PORTS.web),
  /** Outgoing mail, e.g. `smtps://user:pass@smtp.example:465`. Unset in development: links go to the log. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("Tollbooth <no-reply@tollbooth.invalid>"),
  /** Where development mail is also written (one JSON file each) when SMTP_URL is unset. */
  TOLLBOOTH_DATA_DIR: z.string().default(".data"),
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

/** The base for links in mail: WEB_URL, else this machine on WEB_PORT. */
export function publicWebUrl(): string {
  const e = env();
  return (e.WEB_URL ?? `http://localhost:${e.WEB_PORT}`).replace(/\/+$/, "");
}

export function gatewayAddressConfig() {
  const e = env();
  return { domain: e.GATEWAY_DOMAIN, port: e.GATEWAY_PORT, publicUrl: e.GATEWAY_PUBLIC_URL };
}
