/** The gateway's environment, validated once at boot (zod). */
import {
  DEFAULT_GATEWAY_ADMIN_HOST,
  DEFAULT_GATEWAY_DOMAIN,
  DEFAULT_GATEWAY_HOST,
  DEFAULT_GATEWAY_WORKERS,
  DEFAULT_PORTS,
} from "@tollbooth/contract";
import { z } from "zod";
import { DEFAULT_TRUSTED_PROXIES, type ProxyTrust, parseTrustedProxies } from "../http/client-address";
import { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions } from "./gateway-options";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");
/** Off, or how many proxy hops in front of the gateway to believe: `1`/`true`/`yes` is one. */
const proxyHops = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const text = (v ?? "").trim().toLowerCase();
    if (text === "" || text === "0" || text === "false" || text === "no") return 0;
    if (text === "true" || text === "yes") return 1;
    if (/^\d{1,2}$/.test(text) && Number(text) <= 16) return Number(text);
    ctx.addIssue({
      code: "custom",
      message: "use 0/1 (off/one proxy), or the number of proxy hops up to 16",
    });
    return z.NEVER;
  });
/** CIDR ranges (or `loopback`, `private`) of the proxies whose forwarding headers are believed. */
const cidrList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return null;
    try {
      parseTrustedProxies(v);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
    return v;
  });
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? null : v));
const port = z.coerce.number().int().min(0).max(65_535);
const positive = z.coerce.number().int().positive();

export const GatewayEnv = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  GATEWAY_PORT: port.default(DEFAULT_PORTS.gateway),
  GATEWAY_HOST: z.string().default(DEFAULT_GATEWAY_HOST),
  GATEWAY_ADMIN_PORT: port.default(DEFAULT_PORTS.gatewayAdmin),
  /** Keep it private: loopback by default; a container's private network address at most. */
  GATEWAY_ADMIN_HOST: z.string().min(1).default(DEFAULT_GATEWAY_ADMIN_HOST),
  GATEWAY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/, "GATEWAY_DOMAIN must be a lowercase host name")
    .default(DEFAULT_GATEWAY_DOMAIN),
  GATEWAY_WORKERS: z.coerce.number().int().min(0).max(256).default(DEFAULT_GATEWAY_WORKERS),
  GATEWAY_TRUST_PROXY: proxyHops,
  GATEWAY_TRUSTED_PROXIES: cidrList,
  GATEWAY_PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), "GATEWAY_PUBLIC_URL must be an http(s) URL")
    .optional(),
  GATEWAY_VISITOR_SECRET: optionalText.refine(
    (v) => v === null || v.length >= 16,
    "GATEWAY_VISITOR_SECRET must be at least 16 characters",
  ),
  GATEWAY_ADMIN_HOSTS: optionalText,
  GATEWAY_ALLOW_PRIVATE_UPSTREAMS: flag,
  GATEWAY_UPSTREAM_TIMEOUT_MS: positive.default(30_000),
  GATEWAY_CONNECT_TIMEOUT_MS: positive.default(5_000),
  GATEWAY_NODE_TIMEOUT_MS: positive.default(5_000),
  GATEWAY_NODE_MAX_IN_FLIGHT: positive.default(64),
  GATEWAY_CHALLENGES_PER_CLIENT_PER_S: positive.default(20),
  GATEWAY_CHALLENGES_PER_TENANT_PER_S: positive.default(2_000),
  GATEWAY_SHUTDOWN_GRACE_MS: positive.default(25_000),
  GATEWAY_LEASE_MAX: positive.default(256),
  // 0 turns this gateway's health checks off (the others on the database still check).
  GATEWAY_HEALTH_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(DEFAULT_GATEWAY_OPTIONS.health.intervalMs),
  GATEWAY_HEALTH_TIMEOUT_MS: positive.default(DEFAULT_GATEWAY_OPTIONS.health.timeoutMs),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type GatewayEnv = z.infer<typeof GatewayEnv>;

export function parseGatewayEnv(env: NodeJS.ProcessEnv): GatewayEnv {
  const result = GatewayEnv.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid gateway environment: ${problems}`);
  }
  return result.data;
}

/**
 * Trust is on when either variable is set: GATEWAY_TRUST_PROXY alone believes that many hops from
 * loopback and private addresses; GATEWAY_TRUSTED_PROXIES names the ranges (and alone allows up to
 * 16 hops through them).
 */
function proxyTrustOf(env: GatewayEnv): ProxyTrust | null {
  if (env.GATEWAY_TRUST_PROXY === 0 && env.GATEWAY_TRUSTED_PROXIES === null) return null;
  return {
    hops: env.GATEWAY_TRUST_PROXY || 16,
    proxies: parseTrustedProxies(env.GATEWAY_TRUSTED_PROXIES ?? DEFAULT_TRUSTED_PROXIES),
  };
}

export function optionsFromEnv(env: GatewayEnv): GatewayOptions {
  const d = DEFAULT_GATEWAY_OPTIONS;
  return {
    ...d,
    databaseUrl: env.DATABASE_URL,
    domain: env.GATEWAY_DOMAIN,
    trustProxy: proxyTrustOf(env),
    publicUrl: env.GATEWAY_PUBLIC_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT}`,
    visitorSecret: env.GATEWAY_VISITOR_SECRET,
    adminHosts: (env.GATEWAY_ADMIN_HOSTS ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    allowPrivateUpstreams: env.GATEWAY_ALLOW_PRIVATE_UPSTREAMS,
    host: env.GATEWAY_HOST,
    port: env.GATEWAY_PORT,
    adminHost: env.GATEWAY_ADMIN_HOST,
    adminPort: env.GATEWAY_ADMIN_PORT,
    upstream: {
      ...d.upstream,
      connectMs: env.GATEWAY_CONNECT_TIMEOUT_MS,
      headersMs: env.GATEWAY_UPSTREAM_TIMEOUT_MS,
      bodyMs: env.GATEWAY_UPSTREAM_TIMEOUT_MS,
    },
    node: { ...d.node, timeoutMs: env.GATEWAY_NODE_TIMEOUT_MS, maxInFlight: env.GATEWAY_NODE_MAX_IN_FLIGHT },
    challenges: {
      ...d.challenges,
      perClient: {
        perSecond: env.GATEWAY_CHALLENGES_PER_CLIENT_PER_S,
        burst: env.GATEWAY_CHALLENGES_PER_CLIENT_PER_S * 2,
      },
      perTenant: {
        perSecond: env.GATEWAY_CHALLENGES_PER_TENANT_PER_S,
        burst: env.GATEWAY_CHALLENGES_PER_TENANT_PER_S * 2,
      },
    },
    shutdownGraceMs: env.GATEWAY_SHUTDOWN_GRACE_MS,
    leaseMax: env.GATEWAY_LEASE_MAX,
    health: {
      ...d.health,
      intervalMs: env.GATEWAY_HEALTH_INTERVAL_MS,
      timeoutMs: env.GATEWAY_HEALTH_TIMEOUT_MS,
    },
  };
}
