/**
 * Upstream health checks, all real: Postgres at DATABASE_URL, loopback upstreams, two gateways
 * from startGateway on the same database. An upstream that stops turns its API down (after two
 * failed checks) with exactly one `api.health_changed` event, and back up with exactly one more;
 * two gateways do not double the checks; and a check never reaches a private address in
 * production mode, whatever the provider registered.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { lookup as dnsLookup } from "node:dns";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { createPgPool } from "@tollbooth/db";
import {
  ORIGIN_DIGEST_HEADER,
  ORIGIN_SIGNATURE_HEADER,
  PRIVATE_RESOLVING_NAME,
  verifyOriginSignature,
} from "@tollbooth/upstream-guard";
import { type ApiRow, buildTenantApi } from "../src/config/build-tenant-api";
import { DEFAULT_GATEWAY_OPTIONS } from "../src/config/gateway-options";
import type { TenantApi } from "../src/config/tenant-config";
import { type RunningGateway, startGateway } from "../src/gateway";
import { HealthChecker } from "../src/health/health-checker";
import { createLogger } from "../src/ops/logger";
import { UpstreamPools } from "../src/proxy/upstream-pools";
import { ApiHealthStore } from "../src/store/api-health";
import { databaseUrl } from "./helpers/paid-stack";
import { type Canary, closeServer, startCanary } from "./helpers/upstreams";

const INTERVAL_MS = 300;
const CHECK_TIMEOUT_MS = 1_000;
const url = databaseUrl();
const pg = createPgPool(url, { max: 4 });
pg.on("error", () => {});
const tenantId = randomUUID();

/** An API row as the config loader hands it to buildTenantApi: published, active, no wallet. */
function apiRow(
  over: { upstreamBaseUrl: string; allowPrivateUpstream: boolean; healthPath: string } & Partial<ApiRow>,
): ApiRow {
  const id = over.id ?? randomUUID();
  return {
    id,
    tenantId,
    slug: over.slug ?? `h-${id.slice(0, 8)}`,
    name: over.slug ?? "health test",
    description: "",
    published: true,
    status: "active",
    tokenValiditySeconds: 3600,
    freeTierCalls: 0,
    freeTierWindowSeconds: 3600,
    lightningConnectionId: null,
    upstreamSecretHeader: null,
    defaultKind: "refuse",
    defaultPriceSats: 0,
    defaultCallsPerToken: 1,
    ...over,
  };
}

/** An upstream that can be stopped and started again on the same port. */
class SwitchableUpstream {
  seen: string[] = [];
  port = 0;
  private server: Server | null = null;

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.seen.push(req.url ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server);
    this.server = null;
  }
}

async function insertApi(
  upstreamBaseUrl: string,
  opts: { healthPath?: string; allowPrivate?: boolean } = {},
) {
  const id = randomUUID();
  const slug = `h${randomBytes(5).toString("hex")}`;
  await pg.query(
    `INSERT INTO apis (id, tenant_id, slug, name, upstream_base_url, allow_private_upstream, published, health_path, updated_at)
     VALUES ($1, $2, $3, $3, $4, $5, true, $6, now())`,
    [id, tenantId, slug, upstreamBaseUrl, opts.allowPrivate ?? true, opts.healthPath ?? null],
  );
  return { id, slug };
}

async function stateOf(apiId: string): Promise<string | undefined> {
  const { rows } = await pg.query("SELECT state::text AS state FROM api_health WHERE api_id = $1", [apiId]);
  return rows[0]?.state;
}

async function eventsOf(apiId: string): Promise<Array<{ from: string; to: string; api: string }>> {
  const { rows } = await pg.query(
    "SELECT payload FROM api_events WHERE api_id = $1 AND type = 'api.health_changed' ORDER BY created_at",
    [apiId],
  );
  return rows.map((r) => r.payload);
}

async function waitFor(what: string, test: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function gatewayOn(): Promise<RunningGateway> {
  return startGateway({
    ...DEFAULT_GATEWAY_OPTIONS,
    databaseUrl: url,
    host: "127.0.0.1",
    port: 0,
    adminPort: 0,
    logger: createLogger({ level: "silent" }),
    configPollMs: 100,
    meteringFlushMs: 50,
    shutdownGraceMs: 2_000,
    health: { intervalMs: INTERVAL_MS, timeoutMs: CHECK_TIMEOUT_MS, concurrency: 4, downAfter: 2 },
  });
}

before(async () => {
  await pg.query("INSERT INTO tenants (id, name) VALUES ($1, $2)", [tenantId, "health test"]);
});
after(async () => {
  await pg.query("DELETE FROM tenants WHERE id = $1", [tenantId]);
  await pg.end();
});

describe("upstream health with two gateways on one database", () => {
  const upstream = new SwitchableUpstream();
  const gateways: RunningGateway[] = [];
  let api: { id: string; slug: string };

  before(async () => {
    await upstream.start();
    api = await insertApi(`http://127.0.0.1:${upstream.port}/base`, { healthPath: "/healthz" });
    gateways.push(await gatewayOn(), await gatewayOn());
  });
  after(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await upstream.stop();
  });

  it("checks the provider's health path under the base URL, and the API turns up", async () => {
    await waitFor("up", async () => (await stateOf(api.id)) === "up");
    assert.ok(upstream.seen.includes("/base/healthz"), `seen: ${upstream.seen.join(", ")}`);
    assert.deepEqual(
      (await eventsOf(api.id)).map((e) => [e.api, e.from, e.to]),
      [[api.slug, "unknown", "up"]],
    );
  });

  it("two gateways check once per interval, not twice", async () => {
    const count = async () =>
      (await pg.query("SELECT count(*)::int AS n FROM api_health_checks WHERE api_id = $1", [api.id])).rows[0]
        .n as number;
    const window = 3_000;
    const first = await count();
    await new Promise((r) => setTimeout(r, window));
    const checks = (await count()) - first;
    // Each claim moves next_check_at an interval on, so a window holds at most window / interval
    // claims (+1 at the edge), and a check recorded in it was claimed at most a timeout earlier.
    // Two gateways doubling the work would record about twice window / interval. A slow machine
    // only records fewer, so the lower bound is just "still checking".
    const bound = Math.floor((window + CHECK_TIMEOUT_MS) / INTERVAL_MS) + 1;
    assert.ok(checks <= bound, `${checks} checks in ${window} ms (at most ${bound} if not doubled)`);
    assert.ok(2 * (window / INTERVAL_MS) > bound, "the window tells doubled checks from single ones");
    await waitFor("another check", async () => (await count()) > first + checks);
  });

  it("a stopped upstream turns down with one event; restarted, up with one more", async () => {
    await upstream.stop();
    await waitFor("down", async () => (await stateOf(api.id)) === "down");
    // The failures after the flip raise nothing more.
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 4));
    const { rows: failed } = await pg.query(
      "SELECT ok, status, error FROM api_health_checks WHERE api_id = $1 AND NOT ok",
      [api.id],
    );
    assert.ok(failed.length >= 2);
    assert.ok(failed.every((c) => c.status === null && c.error === "upstream_unreachable"));
    assert.deepEqual(
      (await eventsOf(api.id)).map((e) => [e.from, e.to]),
      [
        ["unknown", "up"],
        ["up", "down"],
      ],
    );

    await upstream.start();
    await waitFor("up again", async () => (await stateOf(api.id)) === "up");
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 4));
    const events = await eventsOf(api.id);
    assert.deepEqual(
      events.map((e) => [e.from, e.to]),
      [
        ["unknown", "up"],
        ["up", "down"],
        ["down", "up"],
      ],
    );
  });
});

describe("health checks never reach a private address in production mode", () => {
  let canary: Canary;
  let pools: UpstreamPools;
  /** A checker on this describe's pools, one check at a time, claiming for a minute. */
  const checkerOn = (apis: TenantApi[] = [], store = new ApiHealthStore(pg)) =>
    new HealthChecker({
      store,
      apis: () => apis,
      pools,
      logger: createLogger({ level: "silent" }),
      options: { intervalMs: 60_000, timeoutMs: 1_000, concurrency: 1, downAfter: 2 },
    });

  before(async () => {
    canary = await startCanary();
    // One attacker-controlled name that resolves to loopback; everything else real.
    const resolve = ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
      if (hostname === PRIVATE_RESOLVING_NAME) return callback(null, [{ address: "127.0.0.1", family: 4 }]);
      dnsLookup(hostname, options as never, callback as never);
    }) as unknown as typeof dnsLookup;
    pools = new UpstreamPools({
      connectMs: 1_000,
      headersMs: 1_000,
      bodyMs: 1_000,
      connectionsPerOrigin: 2,
      resolve,
    });
  });
  after(async () => {
    await pools.close();
    await canary.close();
  });

  for (const [form, base] of [
    ["a loopback literal", () => `http://127.0.0.1:${canary.port}/`],
    ["a name resolving to loopback", () => `http://${PRIVATE_RESOLVING_NAME}:${canary.port}/`],
    ["the metadata address", () => "http://169.254.169.254/latest"],
  ] as const) {
    it(`${form}: the check fails closed, is recorded down, and nothing connects`, async () => {
      const { id, slug } = await insertApi(base(), { allowPrivate: false, healthPath: "/latest/meta-data" });
      const tenantApi = buildTenantApi(
        apiRow({
          id,
          slug,
          upstreamBaseUrl: base(),
          allowPrivateUpstream: false,
          healthPath: "/latest/meta-data",
        }),
        [],
        null,
        false,
      );
      const store = new ApiHealthStore(pg);
      const checker = checkerOn([tenantApi], store);
      const step = async () => {
        await checker.tick();
        await checker.drain();
      };
      await step();
      // Claimed for a minute: a second tick now checks nothing; forcing the next one is the test's.
      await step();
      await pg.query("UPDATE api_health SET next_check_at = now() WHERE api_id = $1", [id]);
      await step();
      const { rows } = await pg.query("SELECT ok, status, error FROM api_health_checks WHERE api_id = $1", [
        id,
      ]);
      assert.equal(rows.length, 2);
      assert.ok(
        rows.every((r) => !r.ok && r.status === null && r.error === "upstream_forbidden"),
        JSON.stringify(rows),
      );
      assert.equal(await stateOf(id), "down");
      assert.equal(canary.connections, 0);
    });
  }

  it("an API with origin signing on: the check is signed like a proxied call, so a strict upstream answers it", async () => {
    const secret = `tbos_${randomBytes(32).toString("base64url")}`;
    const verdicts: string[] = [];
    const strict = createServer((req, res) => {
      const verdict = verifyOriginSignature({
        secret,
        method: req.method ?? "",
        target: req.url ?? "",
        signature: req.headers[ORIGIN_SIGNATURE_HEADER] as string | undefined,
        digest: req.headers[ORIGIN_DIGEST_HEADER] as string | undefined,
      });
      verdicts.push(verdict.ok ? "ok" : verdict.reason);
      res.writeHead(verdict.ok ? 200 : 401).end();
    });
    await new Promise<void>((resolve) => strict.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(strict.address() as { port: number }).port}/v1`;
      const row = apiRow({
        slug: "signed",
        upstreamBaseUrl: base,
        allowPrivateUpstream: true,
        healthPath: "/healthz",
      });
      const checker = checkerOn();
      const signed = buildTenantApi({ ...row, originSigningSecret: secret }, [], null, false);
      assert.equal((await checker.check(signed)).status, 200);
      // The same check without the key is what the strict upstream refuses: the test can fail.
      const unsigned = buildTenantApi(row, [], null, false);
      assert.equal((await checker.check(unsigned)).status, 401);
      assert.deepEqual(verdicts, ["ok", "missing"]);
    } finally {
      await closeServer(strict);
    }
  });

  it("a stored health path that leaves the plain-path rule is never sent", async () => {
    const upstream = new SwitchableUpstream();
    await upstream.start();
    try {
      const base = `http://127.0.0.1:${upstream.port}/v1`;
      for (const stored of [`//127.0.0.1:${canary.port}/`, "/../admin", "/x?y=1", "/@evil", "/%2e%2e/"]) {
        const api = buildTenantApi(
          apiRow({ upstreamBaseUrl: base, allowPrivateUpstream: true, healthPath: stored }),
          [
            {
              id: null,
              position: 0,
              method: "GET",
              pathPattern: "/ping",
              kind: "free",
              priceSats: 0,
              callsPerToken: 1,
              passSeconds: null,
            },
          ],
          null,
          false,
        );
        const checker = checkerOn();
        const result = await checker.check(api);
        assert.equal(result.status, 200, stored);
      }
      // Every check fell back to the free route, under the base path.
      assert.deepEqual(new Set(upstream.seen), new Set(["/v1/ping"]));
      assert.equal(canary.connections, 0);
    } finally {
      await upstream.stop();
    }
  });
});
