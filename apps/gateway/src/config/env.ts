/** The gateway's environment, validated once at boot (zod). */
import {
  DEFAULT_GATEWAY_ADMIN_HOST,
  DEFAULT_GATEWAY_DOMAIN,
  DEFAULT_GATEWAY_HOST,
  DEFAULT_GATEWAY_WORKERS,
  DEFAULT_PORTS,
} from "@tollbooth/contract";
import { z } from "zod";
import { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions } from "../gateway";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");
const port = z.coerce.number().int().min(0).max(65_535);
const positive = z.coerce.number().int().positive();

export const GatewayEnv = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  GATEWAY_PORT: port.default(DEFAULT_PORTS.gateway),
  GATEWAY_HOST: z.string().default(DEFAULT_GATEWAY_HOST),
  GATEWAY_ADMIN_PORT: port.default(DEFAULT_PORTS.gatewayAdmin),
  GATEWAY_ADMIN_HOST: z.string().min(1).default(DEFAULT_GATEWAY_ADMIN_HOST),
  GATEWAY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/, "GATEWAY_DOMAIN must be a lowercase host name")
    .default(DEFAULT_GATEWAY_DOMAIN),
  GATEWAY_WORKERS: z.coerce.number().int().min(0).max(256).default(DEFAULT_GATEWAY_WORKERS),
  GATEWAY_TRUST_PROXY: flag,
  GATEWAY_ALLOW_PRIVATE_UPSTREAMS: flag,
  GATEWAY_UPSTREAM_TIMEOUT_MS: positive.default(30_000),
  GATEWAY_CONNECT_TIMEOUT_MS: positive.default(5_000),
  GATEWAY_NODE_TIMEOUT_MS: positive.default(5_000),
  GATEWAY_NODE_MAX_IN_FLIGHT: positive.default(64),
  GATEWAY_CHALLENGES_PER_CLIENT_PER_S: positive.default(20),
  GATEWAY_CHALLENGES_PER_TENANT_PER_S: positive.default(2_000),
  GATEWAY_SHUTDOWN_GRACE_MS: positive.default(25_000),
  GATEWAY_LEASE_MAX: positive.default(256),
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

export function optionsFromEnv(env: GatewayEnv): GatewayOptions {
  const d = DEFAULT_GATEWAY_OPTIONS;
  return {
    ...d,
    databaseUrl: env.DATABASE_URL,
    domain: env.GATEWAY_DOMAIN,
    trustProxy: env.GATEWAY_TRUST_PROXY,
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
  };
}
