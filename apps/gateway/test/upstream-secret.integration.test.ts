import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createSecretBox } from "@tollbooth/db";
import { loadConfig, UPSTREAM_SECRET_FIELD } from "../src/config/load-config";
import type { TenantApi } from "../src/config/tenant-config";
import type { Queryable } from "../src/store/queryable";
import { send } from "./helpers/http-client";
import { type StaticGateway, startStaticGateway } from "./helpers/static-gateway";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

/**
 * The upstream secret is sealed for one upstream origin. Moving an API to another origin with the
 * secret kept (what `apis.update` used to do), a secret sealed before origins were bound, or one
 * under a header that frames or routes the request: the API answers 503 JSON and sends nothing.
 */
const key = { version: 1, key: randomBytes(32) };
const box = createSecretBox({ current: key, byVersion: new Map([[1, key.key]]) });
const SECRET = `sk_${randomBytes(8).toString("hex")}`;

function apiRow(
  slug: string,
  upstreamBaseUrl: string,
  header: string,
  seal: { binding?: string } | null,
  tenantId = randomUUID(),
) {
  const sealed = seal
    ? box.encrypt({ tenantId, field: UPSTREAM_SECRET_FIELD, plaintext: SECRET, ...seal })
    : null;
  return {
    id: randomUUID(),
    tenant_id: tenantId,
    slug,
    name: slug,
    description: "",
    status: "active",
    upstream_base_url: upstreamBaseUrl,
    upstream_secret_header: header,
    upstream_secret_cipher: sealed ? Buffer.from(sealed.cipher) : null,
    upstream_secret_key_version: sealed?.keyVersion ?? null,
    allow_private_upstream: true,
    token_validity_seconds: 3600,
    free_tier_calls: 0,
    free_tier_window_seconds: 3600,
    lightning_connection_id: null,
    published: true,
    default_kind: "refuse" as const,
    default_price_sats: 0,
    default_calls_per_token: 1,
    strict_path_matching: false,
    allowed_origins: null,
  };
}

async function configFrom(apis: ReturnType<typeof apiRow>[]) {
  const rules = apis.map((a) => ({
    id: randomUUID(),
    api_id: a.id,
    position: 0,
    method: "*",
    path_pattern: "/*",
    kind: "free",
    price_sats: 0,
    calls_per_token: 1,
    pass_seconds: null,
  }));
  const db: Queryable = {
    async query<R>(text: string) {
      const rows = text.includes("FROM apis WHERE") ? apis : text.includes("pricing_rules") ? rules : [];
      return { rows: rows as R[] };
    },
  };
  const errors: string[] = [];
  const config = await loadConfig(db, {
    openSecret: (input) => box.decrypt(input),
    operatorAllowsPrivate: true,
    onSecretError: (what, err) => errors.push(`${what}: ${(err as { code?: string }).code}`),
  });
  return { apis: [...config.apis.values()] as TenantApi[], errors };
}

describe("upstream secret bound to its origin", () => {
  let upstream: EchoUpstream;
  let gateway: StaticGateway;
  let errors: string[];

  before(async () => {
    upstream = await startEchoUpstream();
    const here = new URL(upstream.url).origin;
    const loaded = await configFrom([
      apiRow("bound", `${upstream.url}/v1`, "x-api-key", { binding: here }),
      // sealed for the provider's real upstream; the row now points at the echo server
      apiRow("moved", upstream.url, "x-api-key", { binding: "https://api.provider.example" }),
      apiRow("legacy", upstream.url, "x-api-key", {}),
      apiRow("hostsecret", upstream.url, "Host", { binding: here }),
      apiRow("lengthsecret", upstream.url, "content-length", { binding: here }),
      apiRow("nosecret", upstream.url, "x-api-key", null),
    ]);
    errors = loaded.errors;
    gateway = await startStaticGateway(loaded.apis);
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  it("a secret sealed for this origin is sent", async () => {
    const res = await send(gateway.port, "/bound/x");
    assert.equal(res.status, 200);
    assert.equal(upstream.seen.at(-1)?.headers["x-api-key"], SECRET);
  });

  for (const slug of ["moved", "legacy", "hostsecret", "lengthsecret"]) {
    it(`${slug}: 503 upstream_secret_unavailable, and nothing reaches the upstream`, async () => {
      const before = upstream.seen.length;
      const res = await send(gateway.port, `/${slug}/x`);
      assert.equal(res.status, 503);
      assert.equal(res.json().error, "upstream_secret_unavailable");
      assert.match(String(res.json().message), /re-enter/);
      assert.ok(!res.body.includes(SECRET));
      assert.equal(upstream.seen.length, before, "the upstream must not be called");
    });
  }

  it("reports each refused secret once per load, never the secret", () => {
    assert.deepEqual(errors.sort(), [
      "api hostsecret upstream secret: secret_header_forbidden",
      "api legacy upstream secret: binding_mismatch",
      "api lengthsecret upstream secret: secret_header_forbidden",
      "api moved upstream secret: decrypt_failed",
    ]);
  });

  it("an API without a secret is proxied as before", async () => {
    const res = await send(gateway.port, "/nosecret/x");
    assert.equal(res.status, 200);
    assert.equal(upstream.seen.at(-1)?.headers["x-api-key"], undefined);
  });
});
