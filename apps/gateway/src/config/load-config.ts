/**
 * Reads every tenant API, pricing rule and node connection from Postgres into a GatewayConfig.
 * Secrets are opened here, once per load, so the hot path never decrypts. An upstream secret is
 * opened for the API's current upstream origin (the secret box sealed that origin into it): one
 * that does not open, or sits under a header the gateway must not send, marks the API
 * `secretRefusal` (it answers 503 and sends nothing upstream), and is reported.
 */

import { createHash } from "node:crypto";
import type { WalletKind } from "@tollbooth/contract";
import { SECRET_FIELDS, STREAM_SECONDS, ZMaxStreamSeconds } from "@tollbooth/contract";
import { forbiddenSecretHeaderReason, upstreamOrigin } from "@tollbooth/upstream-guard";
import type { PricingRuleRow } from "../pricing/price-route";
import { scopeKeyOf } from "../pricing/price-route";
import { SELECT_APIS, SELECT_CONNECTIONS, SELECT_RESERVATIONS, SELECT_RULES } from "../store/config-queries";
import type { Queryable } from "../store/queryable";
import { type ApiRow, buildTenantApi } from "./build-tenant-api";
import { RouteDocsShelf } from "./route-docs-shelf";
import type { GatewayConfig, NodeConnectionConfig } from "./tenant-config";

export type OpenSecret = (input: {
  tenantId: string;
  field: string;
  /** The upstream origin an upstream secret is bound to. */
  binding?: string;
  cipher: Uint8Array;
  keyVersion?: number;
}) => string;

export const UPSTREAM_SECRET_FIELD = SECRET_FIELDS.upstreamSecret;
export const NODE_MACAROON_FIELD = SECRET_FIELDS.nodeMacaroon;
export const ORIGIN_SIGNING_FIELD = SECRET_FIELDS.originSigningSecret;

interface RawApi {
  id: string;
  tenant_id: string;
  slug: string;
  name: string;
  description: string;
  published: boolean;
  status: ApiRow["status"];
  upstream_base_url: string;
  upstream_secret_header: string | null;
  upstream_secret_cipher: Buffer | null;
  upstream_secret_key_version: number | null;
  allow_private_upstream: boolean;
  token_validity_seconds: number;
  free_tier_calls: number;
  free_tier_window_seconds: number;
  lightning_connection_id: string | null;
  default_kind: ApiRow["defaultKind"];
  default_price_sats: number;
  default_calls_per_token: number;
  strict_path_matching: boolean;
  allowed_origins: string[] | null;
  /** absent when a test's fake query leaves it out */
  health_path?: string | null;
  origin_signing_cipher: Buffer | null;
  origin_signing_key_version: number | null;
  /** Absent only when a test's fake query leaves it out: the default. */
  max_stream_seconds?: number;
}

interface RawReservation {
  slug: string;
  moved_to: string | null;
  expires_at: number;
}

interface RawRule {
  id: string;
  api_id: string;
  position: number;
  method: string;
  path_pattern: string;
  kind: PricingRuleRow["kind"];
  price_sats: number;
  calls_per_token: number;
  pass_seconds: number | null;
  /** jsonb, parsed by pg; absent when a test's fake query leaves it out */
  docs?: unknown;
}

interface RawConnection {
  id: string;
  tenant_id: string;
  kind: WalletKind;
  socket: string;
  tls_cert: string | null;
  macaroon_cipher: Buffer;
  macaroon_key_version: number;
  settle_index: string;
}

export interface LoadConfigOptions {
  openSecret: OpenSecret;
  operatorAllowsPrivate: boolean;
  onSecretError?: (what: string, err: unknown) => void;
}

export async function loadConfig(db: Queryable, options: LoadConfigOptions): Promise<GatewayConfig> {
  const [apis, rules, connections, reservations] = await Promise.all([
    db.query<RawApi>(SELECT_APIS),
    db.query<RawRule>(SELECT_RULES),
    db.query<RawConnection>(SELECT_CONNECTIONS),
    db.query<RawReservation>(SELECT_RESERVATIONS),
  ]);
  const hash = createHash("sha256");
  const rulesByApi = new Map<string, PricingRuleRow[]>();
  const docsByApi = new Map<string, Map<string, unknown>>();
  for (const r of rules.rows) {
    hash.update(JSON.stringify(r));
    const list = rulesByApi.get(r.api_id) ?? [];
    list.push({
      id: r.id,
      position: r.position,
      method: r.method,
      pathPattern: r.path_pattern,
      kind: r.kind,
      priceSats: r.price_sats,
      callsPerToken: r.calls_per_token,
      passSeconds: r.pass_seconds,
    });
    rulesByApi.set(r.api_id, list);
    // Kept as stored: RouteDocsShelf parses them when a discovery document first asks.
    if (r.docs != null) {
      const byScope = docsByApi.get(r.api_id) ?? new Map<string, unknown>();
      byScope.set(scopeKeyOf(r.method, r.path_pattern), r.docs);
      docsByApi.set(r.api_id, byScope);
    }
  }
  const open: Opener = (what, tenantId, field, cipher, keyVersion, binding) => {
    try {
      return options.openSecret({
        tenantId,
        field,
        cipher,
        keyVersion: keyVersion ?? undefined,
        ...(binding === undefined ? {} : { binding }),
      });
    } catch (err) {
      options.onSecretError?.(what, err);
      return null;
    }
  };
  const config: GatewayConfig = {
    apis: new Map(),
    connections: new Map(),
    reservations: new Map(),
    fingerprint: "",
    loadedAt: Date.now(),
  };
  for (const a of apis.rows) {
    hash.update(
      JSON.stringify({
        ...a,
        upstream_secret_cipher: a.upstream_secret_cipher?.toString("base64"),
        origin_signing_cipher: a.origin_signing_cipher?.toString("base64"),
      }),
    );
    const upstream = openUpstreamSecret(a, open, options.onSecretError);
    const signing = openOriginSigningSecret(a, open);
    const refusal = upstream.refusal ?? signing.refusal;
    const row: ApiRow = {
      id: a.id,
      tenantId: a.tenant_id,
      slug: a.slug,
      name: a.name,
      description: a.description,
      published: a.published,
      status: a.status,
      upstreamBaseUrl: a.upstream_base_url,
      upstreamSecretHeader: a.upstream_secret_header,
      allowPrivateUpstream: a.allow_private_upstream,
      tokenValiditySeconds: a.token_validity_seconds,
      freeTierCalls: a.free_tier_calls,
      freeTierWindowSeconds: a.free_tier_window_seconds,
      lightningConnectionId: a.lightning_connection_id,
      defaultKind: a.default_kind,
      defaultPriceSats: a.default_price_sats,
      defaultCallsPerToken: a.default_calls_per_token,
      strictPathMatching: a.strict_path_matching,
      allowedOrigins: a.allowed_origins ?? [],
      healthPath: a.health_path ?? null,
      originSigningSecret: signing.secret,
      maxStreamSeconds: streamSeconds(a, options.onSecretError),
    };
    const api = buildTenantApi(
      row,
      rulesByApi.get(a.id) ?? [],
      upstream.secret,
      options.operatorAllowsPrivate,
      refusal,
      new RouteDocsShelf(docsByApi.get(a.id)),
    );
    config.apis.set(a.slug, api);
  }
  for (const c of connections.rows) {
    const { settle_index: _ignored, ...dialFields } = c;
    hash.update(JSON.stringify({ ...dialFields, macaroon_cipher: c.macaroon_cipher.toString("base64") }));
    const macaroon = open(
      `node connection ${c.id} macaroon`,
      c.tenant_id,
      NODE_MACAROON_FIELD,
      c.macaroon_cipher,
      c.macaroon_key_version,
    );
    if (macaroon === null) continue;
    const connection: NodeConnectionConfig = {
      id: c.id,
      tenantId: c.tenant_id,
      kind: c.kind,
      socket: c.socket,
      tlsCert: c.tls_cert,
      macaroon,
      settleIndex: BigInt(c.settle_index),
    };
    config.connections.set(c.id, connection);
  }
  for (const r of reservations.rows) {
    hash.update(JSON.stringify(r));
    // An active API holding the slug wins (its own tenant took the slug back).
    if (config.apis.has(r.slug)) continue;
    config.reservations.set(r.slug, { slug: r.slug, movedTo: r.moved_to, expiresAt: Number(r.expires_at) });
  }
  config.fingerprint = hash.digest("hex");
  return config;
}

type Opener = (
  what: string,
  tenantId: string,
  field: string,
  cipher: Buffer,
  keyVersion?: number | null,
  binding?: string,
) => string | null;

/**
 * The upstream secret of one API, opened for its current origin only. A secret sealed for another
 * origin (or before secrets were bound to one), or under a header that frames or routes the
 * request, is never used: the API is refused instead of being served without it or with it.
 */
function openUpstreamSecret(
  a: RawApi,
  open: Opener,
  report: LoadConfigOptions["onSecretError"],
): { secret: string | null; refusal: string | null } {
  if (!a.upstream_secret_cipher) return { secret: null, refusal: null };
  const what = `api ${a.slug} upstream secret`;
  const headerProblem = forbiddenSecretHeaderReason(a.upstream_secret_header ?? "");
  if (headerProblem) {
    report?.(what, Object.assign(new Error(headerProblem), { code: "secret_header_forbidden" }));
    return { secret: null, refusal: "secret_header_forbidden" };
  }
  const origin = upstreamOrigin(a.upstream_base_url);
  const secret = origin
    ? open(
        what,
        a.tenant_id,
        UPSTREAM_SECRET_FIELD,
        a.upstream_secret_cipher,
        a.upstream_secret_key_version,
        origin,
      )
    : null;
  return secret === null ? { secret: null, refusal: "secret_unopenable" } : { secret, refusal: null };
}

/**
 * The origin signing secret of one API, bound to the API's id (a blob copied to another API of
 * the tenant does not open). One that does not open refuses the API (503, nothing proxied): an
 * upstream that checks signatures would refuse the unsigned request anyway, and the provider sees
 * why in one place instead of in their upstream's logs.
 */
function openOriginSigningSecret(a: RawApi, open: Opener): { secret: string | null; refusal: string | null } {
  if (!a.origin_signing_cipher) return { secret: null, refusal: null };
  const secret = open(
    `api ${a.slug} origin signing secret`,
    a.tenant_id,
    ORIGIN_SIGNING_FIELD,
    a.origin_signing_cipher,
    a.origin_signing_key_version,
    a.id,
  );
  return secret === null ? { secret: null, refusal: "signing_secret_unopenable" } : { secret, refusal: null };
}

/**
 * `max_stream_seconds`, checked against the bounds both apps share: the column has a CHECK, but a
 * row written around it must not give a stream no limit (or a zero one). Out of bounds: the default.
 */
function streamSeconds(a: RawApi, report: LoadConfigOptions["onSecretError"]): number {
  if (a.max_stream_seconds === undefined) return STREAM_SECONDS.default;
  const checked = ZMaxStreamSeconds.safeParse(a.max_stream_seconds);
  if (checked.success) return checked.data;
  report?.(
    `api ${a.slug} max_stream_seconds`,
    Object.assign(
      new Error(`out of bounds (${String(a.max_stream_seconds)}); using ${STREAM_SECONDS.default}`),
      {
        code: "max_stream_seconds_invalid",
      },
    ),
  );
  return STREAM_SECONDS.default;
}
