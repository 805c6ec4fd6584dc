/**
 * Everything a paid-call test needs, all real: Postgres at DATABASE_URL (the test's own rows,
 * random slugs), a simnet on ephemeral ports in a temp dir with a provider node, loopback
 * upstreams, and gateways from startGateway on port 0. The builder wallet pays.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPgPool, encryptSecret } from "@tollbooth/db";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";
import { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions } from "../../src/config/gateway-options";
import { type RunningGateway, startGateway } from "../../src/gateway";
import { createLogger } from "../../src/ops/logger";
import { send, type TestResponse } from "./http-client";

process.env.TOLLBOOTH_MASTER_KEY ??= randomBytes(32).toString("base64");

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Integration tests need DATABASE_URL (a migrated Postgres).");
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}).`);
  }
  return url;
}

export type Pg = ReturnType<typeof createPgPool>;

export interface RuleSpec {
  method?: string;
  pathPattern: string;
  kind?: "free" | "per_call" | "time_pass";
  priceSats?: number;
  callsPerToken?: number;
  passSeconds?: number | null;
  /** pricing_rules.docs (route docs, packages/contract/src/route-docs.ts) */
  docs?: unknown;
}

export interface ApiSpec {
  upstreamBaseUrl: string;
  rules: RuleSpec[];
  secretHeader?: string;
  secret?: string;
  freeTierCalls?: number;
  connectionId?: string | null;
  allowPrivateUpstream?: boolean;
  /** Default true: a live API. */
  published?: boolean;
  /** Unmatched paths; default the pre-lifecycle 1 sat for 1 call, which these tests were written for. */
  defaultRoute?: { kind: "refuse" | "free" | "per_call"; priceSats?: number; callsPerToken?: number };
  /** Origin signing on with this secret, sealed as the web app seals it (bound to the API id). */
  originSigningSecret?: string;
  /** apis.max_stream_seconds; default the column's. */
  maxStreamSeconds?: number;
}

export interface CreatedApi {
  id: string;
  slug: string;
  tenantId: string;
  ruleIds: string[];
}

export class PaidStack {
  readonly gateways: RunningGateway[] = [];
  tenantId = randomUUID();
  connectionId = randomUUID();

  private constructor(
    readonly databaseUrl: string,
    readonly pg: Pg,
    readonly simnet: RunningSimnet,
    readonly payer: LightningBackend,
    private readonly dir: string,
    readonly nodeName: string,
  ) {}

  static async start(options: { databaseUrl?: string } = {}): Promise<PaidStack> {
    const url = options.databaseUrl ?? databaseUrl();
    const dir = await mkdtemp(path.join(tmpdir(), "gw-paid-"));
    const simnet = await startSimnet({ dataDir: path.join(dir, "simnet"), grpcPort: 0, adminPort: 0 });
    const admin = simnetAdmin(simnet.adminUrl, simnet.adminToken);
    const nodeName = `gw-${randomBytes(4).toString("hex")}`;
    const provider = await admin.createNode(nodeName);
    const builder = await admin.builder();
    const payer = createLndBackend({
      socket: builder.socket,
      tlsCert: builder.tlsCert,
      macaroon: builder.adminMacaroon,
    });
    const pg = createPgPool(url, { max: 4 });
    pg.on("error", () => {});
    const stack = new PaidStack(url, pg, simnet, payer, dir, nodeName);
    await pg.query("INSERT INTO tenants (id, name) VALUES ($1, $2)", [
      stack.tenantId,
      `gateway test ${nodeName}`,
    ]);
    await stack.insertConnection(stack.connectionId, provider.socket, provider.tlsCert, provider.macaroon);
    return stack;
  }

  async insertConnection(id: string, socket: string, tlsCert: string, macaroon: string): Promise<void> {
    await this.insertWalletConnection({ id, kind: "simnet", socket, tlsCert, secret: macaroon });
  }

  /**
   * A wallet connection of this tenant stored as the web app stores it: the secret (macaroon,
   * LNbits key or NWC connection string) sealed in macaroon_cipher.
   */
  async insertWalletConnection(c: {
    id: string;
    kind: "simnet" | "lnbits" | "nwc";
    socket: string;
    tlsCert?: string | null;
    secret: string;
    capabilities?: string[];
  }): Promise<void> {
    const sealed = encryptSecret({
      tenantId: this.tenantId,
      field: "lightning_connections.macaroon",
      plaintext: c.secret,
    });
    await this.pg.query(
      `INSERT INTO lightning_connections (id, tenant_id, kind, socket, tls_cert, macaroon_cipher, macaroon_key_version, capabilities)
       VALUES ($1, $2, $3::lightning_kind, $4, $5, $6, $7, $8)`,
      [
        c.id,
        this.tenantId,
        c.kind,
        c.socket,
        c.tlsCert ?? null,
        Buffer.from(sealed.cipher),
        sealed.keyVersion,
        c.capabilities ?? [],
      ],
    );
  }

  async createApi(spec: ApiSpec): Promise<CreatedApi> {
    const id = randomUUID();
    const slug = `t${randomBytes(5).toString("hex")}`;
    const sealed = spec.secret
      ? encryptSecret({
          tenantId: this.tenantId,
          field: "apis.upstream_secret",
          binding: new URL(spec.upstreamBaseUrl).origin,
          plaintext: spec.secret,
        })
      : null;
    // One transaction: a running gateway reloading between the API and its rules would serve the
    // API priced by its default route, and a test would see the wrong price.
    const ruleIds: string[] = [];
    const client = await this.pg.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO apis (id, tenant_id, slug, name, upstream_base_url, upstream_secret_header, upstream_secret_cipher,
                         upstream_secret_key_version, allow_private_upstream, free_tier_calls, lightning_connection_id, updated_at,
                         published, default_kind, default_price_sats, default_calls_per_token)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12, $13::default_route_kind, $14, $15)`,
        [
          id,
          this.tenantId,
          slug,
          `API ${slug}`,
          spec.upstreamBaseUrl,
          spec.secretHeader ?? null,
          sealed ? Buffer.from(sealed.cipher) : null,
          sealed?.keyVersion ?? null,
          spec.allowPrivateUpstream ?? true,
          spec.freeTierCalls ?? 0,
          spec.connectionId === undefined ? this.connectionId : spec.connectionId,
          spec.published ?? true,
          spec.defaultRoute?.kind ?? "per_call",
          spec.defaultRoute?.priceSats ?? 1,
          spec.defaultRoute?.callsPerToken ?? 1,
        ],
      );
      for (const [position, r] of spec.rules.entries()) {
        const ruleId = randomUUID();
        ruleIds.push(ruleId);
        await client.query(
          `INSERT INTO pricing_rules (id, api_id, position, method, path_pattern, kind, price_sats, calls_per_token, pass_seconds, docs)
         VALUES ($1, $2, $3, $4, $5, $6::pricing_kind, $7, $8, $9, $10::jsonb)`,
          [
            ruleId,
            id,
            position,
            r.method ?? "*",
            r.pathPattern,
            r.kind ?? "per_call",
            r.priceSats ?? 1,
            r.callsPerToken ?? 1,
            r.passSeconds ?? null,
            r.docs === undefined ? null : JSON.stringify(r.docs),
          ],
        );
      }
      if (spec.originSigningSecret !== undefined || spec.maxStreamSeconds !== undefined) {
        const signing = spec.originSigningSecret
          ? encryptSecret({
              tenantId: this.tenantId,
              field: "apis.origin_signing_secret",
              binding: id,
              plaintext: spec.originSigningSecret,
            })
          : null;
        await client.query(
          `UPDATE apis SET origin_signing_cipher = $2, origin_signing_key_version = $3,
                           max_stream_seconds = COALESCE($4, max_stream_seconds) WHERE id = $1`,
          [
            id,
            signing ? Buffer.from(signing.cipher) : null,
            signing?.keyVersion ?? null,
            spec.maxStreamSeconds ?? null,
          ],
        );
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    return { id, slug, tenantId: this.tenantId, ruleIds };
  }

  async startGateway(over: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
    const gateway = await startGateway({
      ...DEFAULT_GATEWAY_OPTIONS,
      databaseUrl: this.databaseUrl,
      host: "127.0.0.1",
      port: 0,
      adminPort: 0,
      logger: createLogger({ level: "silent" }),
      // Generous for the same reason as the node's: a loopback echo upstream can take over a
      // second to answer on a loaded CI machine (a 504 in the flood test). `/slow` never answers.
      upstream: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000, connectionsPerOrigin: 64 },
      // 5 s (the production default), not 2: on a loaded 2-core CI machine with several simnets, relays and
      // gateways running, a healthy node can take longer than 2 s, and the breaker it trips turns
      // every later test of the file into a 503 (a slow-node test passes its own options).
      node: { timeoutMs: 5_000, maxInFlight: 64, cooldownMs: 1_000 },
      challenges: {
        perClient: { perSecond: 10_000, burst: 10_000 },
        perTenant: { perSecond: 10_000, burst: 10_000 },
        invoiceExpirySeconds: 600,
      },
      // Off unless a test asks: every published API on the shared test database would otherwise get
      // health GETs from every test's gateway, and tests that count upstream requests would see them.
      health: { ...DEFAULT_GATEWAY_OPTIONS.health, intervalMs: 0 },
      meteringFlushMs: 50,
      configPollMs: 100,
      shutdownGraceMs: 5_000,
      ...over,
    });
    this.gateways.push(gateway);
    return gateway;
  }

  /** Waits until a gateway's config has the API (config reloads follow the insert within a second). */
  async waitForApi(gateway: RunningGateway, slug: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (gateway.config.current().apis.has(slug)) return;
      await gateway.config.reload();
      if (gateway.config.current().apis.has(slug)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`gateway never saw API ${slug}`);
  }

  /** Pays a 402 response's invoice with the builder wallet; returns the Authorization value. */
  async pay(challenge: TestResponse): Promise<string> {
    const body = challenge.json<{ invoice: string; macaroon: string }>();
    const paid = await this.payer.pay({ bolt11: body.invoice, maxFeeSats: 10 });
    return `L402 ${body.macaroon}:${paid.preimage}`;
  }

  /** 402 → pay → the Authorization header for a fresh token on `path`. */
  async buyToken(
    gateway: RunningGateway,
    path: string,
  ): Promise<{ authorization: string; macaroon: string; preimage: string }> {
    const challenge = await send(gateway.port, path);
    if (challenge.status !== 402) throw new Error(`expected 402, got ${challenge.status}: ${challenge.body}`);
    const authorization = await this.pay(challenge);
    const [macaroon, preimage] = authorization.slice(5).split(":") as [string, string];
    return { authorization, macaroon, preimage };
  }

  async stop(): Promise<void> {
    await Promise.all(this.gateways.map((g) => g.stop()));
    await this.pg.end();
    // Waits for ln-service calls still retrying on their own timers before it closes the channels.
    await closeLndClients();
    await this.simnet.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
