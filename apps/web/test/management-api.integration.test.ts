// Over 300 lines: one fixture (two teams, their keys, a simnet node and a loopback server) shared
// by the setup script, the scope, isolation and key cases; split, each file would rebuild it.
/**
 * The management API (/api/v1) over real HTTP on loopback against real Postgres and the simnet:
 * a key created with a session scripts a whole provider setup; a read key reads everything and
 * writes nothing; another team's ids are 404 and change nothing; bad and revoked keys are 401;
 * keys are stored only as hashes.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { closeLndClients } from "@tollbooth/lightning";
import { type RunningSimnet, startSimnet } from "@tollbooth/simnet";
import { GET as handler } from "../src/app/api/v1/[...path]/route";
import { SESSION_COOKIE } from "../src/server/auth/session-token";
import { signUp } from "../src/server/auth/sign-up";
import { hasBody } from "../src/server/management/define-route";
import { MANAGEMENT_ROUTES } from "../src/server/management/routes";
import { serveRouteHandler } from "./route-server";

process.env.TOLLBOOTH_ENV = "development"; // loopback upstreams and the simnet node are allowed
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
// The bad-key throttle counts per client address: each run its own, so reruns never meet a 429.
const clientAddress = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

let server: Awaited<ReturnType<typeof serveRouteHandler>>;
let simnet: RunningSimnet;
let dir: string;

interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: string; message?: string };
  headers: Headers;
}
interface CallOptions {
  key?: string;
  session?: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  origin?: string | null;
}

async function call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { "x-forwarded-for": clientAddress };
  if (opts.key !== undefined) headers.authorization = `Bearer ${opts.key}`;
  if (opts.session) headers.cookie = `${SESSION_COOKIE}=${opts.session}`;
  if (opts.origin !== null && opts.session) headers.origin = opts.origin ?? server.origin;
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers["content-type"] = opts.contentType ?? "application/json";
  const res = await fetch(`${server.origin}/api/v1${path}`, { method, headers, body });
  const text = await res.text();
  assert.notEqual(res.status, 500, `${method} ${path}: ${text}`);
  let parsed: Reply["body"];
  try {
    parsed = JSON.parse(text);
  } catch {
    assert.fail(`${method} ${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** The call must answer `status`; the message is shown on failure. */
async function expect(status: number, method: string, path: string, opts?: CallOptions) {
  const reply = await call(method, path, opts);
  assert.equal(reply.status, status, `${method} ${path}: ${JSON.stringify(reply.body)}`);
  return reply;
}

async function provider(label: string) {
  const s = await signUp(db, { email: `${label}-${run}@mgmt.test`, password: "a long enough password" });
  const member = await db.tenantMember.findFirstOrThrow({ where: { userId: s.userId } });
  return { session: s.token, userId: s.userId, tenantId: member.tenantId };
}

async function createKey(session: string, scope: "read" | "write", name = `${scope} key`) {
  const reply = await expect(201, "POST", "/keys", { session, body: { name, scope } });
  return reply.body as { id: string; key: string };
}

/** A node on the simnet, with the invoice macaroon a provider would paste. */
async function simnetNode(name: string) {
  const res = await fetch(`${simnet.adminUrl}/nodes`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${simnet.adminToken}` },
    body: JSON.stringify({ name }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { socket: string; tlsCert: string; macaroon: string };
}

let alice: Awaited<ReturnType<typeof provider>>;
let bob: Awaited<ReturnType<typeof provider>>;
let aliceWrite: { id: string; key: string };
let aliceRead: { id: string; key: string };
let bobWrite: { id: string; key: string };
/** Alice's things, filled by the setup script: the ids the isolation cases aim at. */
const ids = { apiId: "", ruleId: "", connectionId: "", keyId: "" };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "web-mgmt-"));
  simnet = await startSimnet({ dataDir: dir, grpcPort: 0, adminPort: 0 });
  process.env.TOLLBOOTH_SIMNET_ADMIN = simnet.adminUrl;
  process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN = simnet.adminToken;
  server = await serveRouteHandler(handler);
  alice = await provider("alice");
  bob = await provider("bob");
  aliceWrite = await createKey(alice.session, "write", "alice's deploy script");
  aliceRead = await createKey(alice.session, "read", "alice's dashboard");
  bobWrite = await createKey(bob.session, "write");
  ids.keyId = aliceRead.id;
});

after(async () => {
  await server?.close();
  await closeLndClients();
  await simnet?.stop();
  await db.$disconnect();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("keys are created, listed and revoked with a session only", () => {
  test("POST /keys answers the key once; the row holds only its sha256 and a display prefix", async () => {
    assert.match(aliceWrite.key, /^tb_live_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(Object.keys(aliceWrite).sort(), ["id", "key"]);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: aliceWrite.id } });
    assert.equal(row.keyHash, createHash("sha256").update(aliceWrite.key).digest("hex"));
    assert.equal(row.scope, "write");
    assert.equal(row.tenantId, alice.tenantId);
    assert.ok(aliceWrite.key.startsWith(row.prefix) && row.prefix.length < 16);
    for (const value of Object.values(row)) {
      if (typeof value === "string")
        assert.ok(!value.includes(aliceWrite.key.slice(12)), "no key part stored");
    }
    const list = await expect(200, "GET", "/keys", { session: alice.session });
    const text = JSON.stringify(list.body);
    assert.ok(!text.includes(aliceWrite.key) && !text.includes(row.keyHash), "the list shows no secret");
    const listed = (list.body as unknown as { id: string; prefix: string; scope: string }[]).find(
      (k) => k.id === aliceWrite.id,
    );
    assert.equal(listed?.scope, "write");
    assert.equal(listed?.prefix, `${row.prefix}…`);
    const audit = await db.auditEvent.findMany({
      where: { tenantId: alice.tenantId, action: "api_key.created" },
    });
    assert.equal(audit.length, 2);
  });

  test("without a session 401; from another origin 403; with a key 403; bad input 400", async () => {
    await expect(401, "POST", "/keys", { body: { name: "x", scope: "read" } });
    await expect(401, "GET", "/keys");
    await expect(403, "POST", "/keys", {
      session: alice.session,
      origin: "https://evil.example",
      body: { name: "csrf", scope: "write" },
    });
    await expect(403, "POST", "/keys", {
      session: alice.session,
      origin: null,
      body: { name: "x", scope: "write" },
    });
    await expect(403, "POST", "/keys", { key: aliceWrite.key, body: { name: "minted", scope: "write" } });
    await expect(403, "GET", "/keys", { key: aliceWrite.key });
    const bad = await expect(400, "POST", "/keys", {
      session: alice.session,
      body: { name: "x", scope: "admin" },
    });
    assert.match(bad.body.message ?? "", /scope/);
    assert.equal(await db.apiKey.count({ where: { tenantId: alice.tenantId } }), 2);
  });
});

describe("a write key scripts a full provider setup through /api/v1 alone", () => {
  const key = () => aliceWrite.key;
  test("create an API, price it, document a route, connect a wallet, publish, read usage", async () => {
    const created = await expect(201, "POST", "/apis", {
      key: key(),
      body: { name: "Alice Weather", slug: `mgmt-${run}`, upstreamBaseUrl: "http://127.0.0.1:9/v1" },
    });
    ids.apiId = created.body.id as string;
    assert.equal(created.body.lifecycle, "draft");

    const priced = await expect(200, "PUT", `/apis/${ids.apiId}/pricing`, {
      key: key(),
      body: {
        rules: [{ method: "GET", pathPattern: "/forecast", kind: "per_call", priceSats: 3 }],
        defaultRoute: { kind: "refuse" },
      },
    });
    const rules = priced.body.pricingRules as { id: string; priceSats: number }[];
    assert.equal(rules[0]?.priceSats, 3);
    ids.ruleId = rules[0]!.id;
    const pricing = await expect(200, "GET", `/apis/${ids.apiId}/pricing`, { key: key() });
    assert.deepEqual(
      (pricing.body.rules as { pathPattern: string }[]).map((r) => r.pathPattern),
      ["/forecast"],
    );
    assert.equal((pricing.body.defaultRoute as { kind: string }).kind, "refuse");

    const docs = await expect(200, "PUT", `/apis/${ids.apiId}/routes/${ids.ruleId}/docs`, {
      key: key(),
      body: { docs: { description: "Tomorrow's weather for a city." } },
    });
    const documented = (docs.body.pricingRules as { docs: { description: string } | null }[])[0];
    assert.equal(documented?.docs?.description, "Tomorrow's weather for a city.");

    const early = await expect(400, "PUT", `/apis/${ids.apiId}/published`, {
      key: key(),
      body: { published: true },
    });
    assert.match(early.body.message ?? "", /Lightning/);

    const node = await simnetNode(`mgmt-${run}`);
    const wallet = await expect(201, "POST", "/wallets/lnd", {
      key: key(),
      body: { socket: node.socket, tlsCert: node.tlsCert, macaroon: node.macaroon },
    });
    ids.connectionId = wallet.body.id as string;
    assert.equal(wallet.body.lastHealthOk, true);
    assert.ok(!JSON.stringify(wallet.body).includes(node.macaroon), "the macaroon is never sent back");
    const wallets = await expect(200, "GET", "/wallets", { key: key() });
    assert.deepEqual(
      (wallets.body as unknown as { id: string }[]).map((w) => w.id),
      [ids.connectionId],
    );
    const tested = await expect(200, "POST", `/wallets/${ids.connectionId}/test`, { key: key() });
    assert.equal(tested.body.lastHealthOk, true);

    const published = await expect(200, "PUT", `/apis/${ids.apiId}/published`, {
      key: key(),
      body: { published: true },
    });
    assert.equal(published.body.lifecycle, "published");
    assert.equal(published.body.lightningConnectionId, ids.connectionId);
    const paused = await expect(200, "PUT", `/apis/${ids.apiId}/paused`, {
      key: key(),
      body: { paused: true },
    });
    assert.equal(paused.body.lifecycle, "paused");
    await expect(200, "PUT", `/apis/${ids.apiId}/paused`, { key: key(), body: { paused: false } });
    const patched = await expect(200, "PATCH", `/apis/${ids.apiId}`, {
      key: key(),
      body: { description: "Forecasts, per call." },
    });
    assert.equal(patched.body.description, "Forecasts, per call.");
    const got = await expect(200, "GET", `/apis/${ids.apiId}`, { key: key() });
    assert.equal(got.body.lifecycle, "published");
    const listed = await expect(200, "GET", "/apis", { key: key() });
    assert.deepEqual(
      (listed.body as unknown as { id: string }[]).map((a) => a.id),
      [ids.apiId],
    );

    // What the gateway's meter writes for one paid call; usage and calls must count it.
    await db.usageEvent.create({
      data: {
        id: crypto.randomUUID(),
        tenantId: alice.tenantId,
        apiId: ids.apiId,
        method: "GET",
        route: "/forecast",
        status: 200,
        latencyMs: 4,
        sats: 3,
        msats: 3000n,
        occurredAt: new Date(),
      },
    });
    const usage = await expect(200, "GET", `/usage?apiId=${ids.apiId}&days=1`, { key: key() });
    assert.equal(usage.body.days, 1);
    assert.equal((usage.body.totals as { calls: number }).calls, 1);
    const calls = await expect(200, "GET", `/calls?apiId=${ids.apiId}&limit=5`, { key: key() });
    assert.deepEqual(
      (calls.body as unknown as { route: string }[]).map((c) => c.route),
      ["/forecast"],
    );
    const payments = await expect(200, "GET", "/payments", { key: key() });
    assert.deepEqual(payments.body, []);

    // The same functions as the dashboard: the audit log names the key's creator as the actor.
    const audit = await db.auditEvent.findMany({
      where: { tenantId: alice.tenantId, target: `mgmt-${run}` },
    });
    assert.ok(audit.length >= 6 && audit.every((e) => e.actorId === alice.userId));
    const usedAt = await db.apiKey.findUniqueOrThrow({ where: { id: aliceWrite.id } });
    assert.ok(usedAt.lastUsedAt, "last_used_at is recorded");
  });

  test("a second API is deleted, a development wallet added and removed", async () => {
    const second = await expect(201, "POST", "/apis", {
      key: key(),
      body: { name: "Scratch", slug: `mgmt-scratch-${run}`, upstreamBaseUrl: "http://127.0.0.1:9" },
    });
    await expect(200, "DELETE", `/apis/${second.body.id}`, { key: key() });
    await expect(404, "GET", `/apis/${second.body.id}`, { key: key() });
    const dev = await expect(201, "POST", "/wallets/simnet", { key: key(), body: { kind: "simnet" } });
    await expect(200, "DELETE", `/wallets/${dev.body.id}`, { key: key() });
    const wallets = await expect(200, "GET", "/wallets", { key: key() });
    assert.ok(!(wallets.body as unknown as { id: string }[]).some((w) => w.id === dev.body.id));
    // Removing the newest wallet unpublished the API paid into it; the script can put it back.
    await db.api.update({ where: { id: ids.apiId }, data: { lightningConnectionId: ids.connectionId } });
    await expect(200, "PUT", `/apis/${ids.apiId}/published`, { key: key(), body: { published: true } });
  });

  test("bad input is a 400 that says what is wrong, never a 500", async () => {
    const cases: [string, string, CallOptions, RegExp][] = [
      ["POST", "/apis", { key: key(), body: { name: "x" } }, /name|slug|upstream/i],
      ["POST", "/apis", { key: key(), rawBody: "{not json" }, /not valid JSON/],
      ["POST", "/apis", { key: key(), rawBody: "[1,2]" }, /JSON object/],
      ["PUT", `/apis/${ids.apiId}/pricing`, { key: key(), body: { rules: "all" } }, /rules/],
      [
        "PUT",
        `/apis/${ids.apiId}/pricing`,
        { key: key(), body: { rules: [{ pathPattern: "/x", kind: "per_call", priceSats: -1 }] } },
        /negative/,
      ],
      ["PATCH", `/apis/${ids.apiId}`, { key: key(), body: { name: "\u0000" } }, /NUL/],
      ["GET", "/usage?days=9999", { key: key() }, /days/],
      ["GET", "/usage?days=soon", { key: key() }, /days/],
      ["GET", "/apis/not-a-uuid", { key: key() }, /apiId/],
    ];
    for (const [method, path, opts, words] of cases) {
      const reply = await expect(400, method, path, opts);
      assert.equal(reply.body.error, "bad_request");
      assert.match(reply.body.message ?? "", words, `${method} ${path}`);
    }
    await expect(415, "POST", "/apis", { key: key(), rawBody: "name=x", contentType: "text/plain" });
    await expect(413, "POST", "/apis", {
      key: key(),
      rawBody: JSON.stringify({ name: "x".repeat(300_000) }),
    });
    const wrong = await expect(405, "POST", `/apis/${ids.apiId}`, { key: key(), body: {} });
    assert.equal(wrong.headers.get("allow"), "GET, PATCH, DELETE");
    await expect(404, "GET", "/no-such-thing", { key: key() });
  });
});

/** Every route with its path filled with Alice's ids and a body that would pass validation. */
function aliceRequests(): { route: (typeof MANAGEMENT_ROUTES)[number]; path: string; body?: unknown }[] {
  const bodies: Record<string, unknown> = {
    createApi: { name: "Intruder", slug: `mgmt-x-${run}`, upstreamBaseUrl: "http://127.0.0.1:9" },
    updateApi: { name: "pwned" },
    setPricing: { rules: [] },
    setRouteDocs: { docs: { description: "pwned" } },
    setPublished: { published: false },
    setPaused: { paused: true },
    connectLnd: { socket: "127.0.0.1:1", macaroon: "00".repeat(20) },
    connectNwc: {
      connectionString: `nostr+walletconnect://${"1".repeat(64)}?relay=ws%3A%2F%2F127.0.0.1%3A1&secret=${"2".repeat(64)}`,
    },
    connectLnbits: { url: "http://127.0.0.1:1", key: "0".repeat(32) },
    createSimnetWallet: {},
    createApiKey: { name: "intruder", scope: "write" },
  };
  return MANAGEMENT_ROUTES.map((route) => ({
    route,
    path: route.path.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => ids[name]),
    body: hasBody(route.method) ? (bodies[route.operationId] ?? {}) : undefined,
  }));
}

describe("a read-only key reads everything and writes nothing", () => {
  test("every write endpoint is 403 for a read key; every read endpoint 200", async () => {
    const before = await db.auditEvent.count({ where: { tenantId: alice.tenantId } });
    for (const { route, path, body } of aliceRequests()) {
      if (route.access === "session") continue;
      const reply = await call(route.method, path, { key: aliceRead.key, body });
      assert.equal(reply.status, route.access === "write" ? 403 : 200, `${route.method} ${path}`);
      if (route.access === "write")
        assert.match(reply.headers.get("www-authenticate") ?? "", /insufficient_scope/);
    }
    assert.equal(
      await db.auditEvent.count({ where: { tenantId: alice.tenantId } }),
      before,
      "nothing changed",
    );
  });
});

describe("another team's ids are 404 and change nothing", () => {
  test("every endpoint that takes an id (in its path or as tenantId/apiId) answers Bob 404", async () => {
    const snapshot = async () =>
      JSON.stringify(
        [
          await db.api.findUniqueOrThrow({ where: { id: ids.apiId }, include: { pricingRules: true } }),
          await db.lightningConnection.findUniqueOrThrow({ where: { id: ids.connectionId } }),
          await db.apiKey.findUniqueOrThrow({ where: { id: ids.keyId } }),
          await db.auditEvent.count({ where: { tenantId: alice.tenantId } }),
        ],
        (_, v) => (typeof v === "bigint" ? String(v) : v),
      );
    const before = await snapshot();
    let probed = 0;
    for (const { route, path, body } of aliceRequests()) {
      const auth = route.access === "session" ? { session: bob.session } : { key: bobWrite.key };
      const fields = route.input ? Object.keys(route.input.shape) : [];
      // Ids in the path; and for every endpoint with a tenantId or apiId field, Alice's as that field.
      const attempts: { path: string; body?: unknown }[] = [];
      if (route.pathParams.length) attempts.push({ path, body });
      for (const [field, value] of [
        ["tenantId", alice.tenantId],
        ["apiId", ids.apiId],
      ] as const) {
        if (!fields.includes(field) || route.pathParams.includes(field)) continue;
        attempts.push(
          hasBody(route.method)
            ? { path, body: { ...(body as object), [field]: value } }
            : { path: `${path}${path.includes("?") ? "&" : "?"}${field}=${value}` },
        );
      }
      for (const attempt of attempts) {
        const reply = await call(route.method, attempt.path, { ...auth, body: attempt.body });
        assert.equal(reply.status, 404, `${route.method} ${attempt.path}: ${JSON.stringify(reply.body)}`);
        probed += 1;
      }
      // An unknown id answers exactly the same.
      if (route.pathParams.length) {
        const unknown = route.path.replace(/\{\w+\}/g, () => crypto.randomUUID());
        const mine = route.access === "session" ? { session: alice.session } : { key: aliceWrite.key };
        const reply = await call(route.method, unknown, { ...mine, body });
        assert.equal(reply.status, 404, `${route.method} ${unknown} (unknown id)`);
      }
    }
    assert.ok(probed >= 10, `probed ${probed} id-taking requests`);
    assert.equal(await snapshot(), before, "nothing of Alice's changed");
  });

  test("Bob's reads show none of Alice's things", async () => {
    const apis = await expect(200, "GET", "/apis", { key: bobWrite.key });
    assert.deepEqual(apis.body, []);
    const wallets = await expect(200, "GET", "/wallets", { key: bobWrite.key });
    assert.deepEqual(wallets.body, []);
    const usage = await expect(200, "GET", "/usage", { key: bobWrite.key });
    assert.equal((usage.body.totals as { calls: number }).calls, 0);
  });
});

describe("bad and revoked keys are 401", () => {
  test("missing, malformed, unknown and revoked keys; a creator who left the team", async () => {
    const missing = await expect(401, "GET", "/apis");
    assert.equal(missing.headers.get("www-authenticate"), 'Bearer realm="tollbooth"');
    for (const bad of [
      "",
      "tb_live_short",
      aliceWrite.key.slice(0, -1),
      `tb_live_${"A".repeat(43)}`,
      aliceWrite.key.toUpperCase(),
    ]) {
      const reply = await expect(401, "GET", "/apis", { key: bad });
      assert.equal(reply.body.error, "unauthorized");
      assert.match(reply.headers.get("www-authenticate") ?? "", /^Bearer realm="tollbooth"/);
    }
    const doomed = await createKey(alice.session, "write", "to be revoked");
    await expect(200, "GET", "/apis", { key: doomed.key });
    await expect(200, "DELETE", `/keys/${doomed.id}`, { session: alice.session });
    const revoked = await expect(401, "GET", "/apis", { key: doomed.key });
    assert.match(revoked.headers.get("www-authenticate") ?? "", /invalid_token/);
    await expect(401, "POST", "/apis", {
      key: doomed.key,
      body: { name: "after revoke", slug: `mgmt-r-${run}`, upstreamBaseUrl: "http://127.0.0.1:9" },
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: doomed.id } });
    assert.ok(row.revokedAt);
    assert.equal(
      await db.auditEvent.count({ where: { tenantId: alice.tenantId, action: "api_key.revoked" } }),
      1,
    );
    // Revoking needs the origin check like any cookie mutation.
    await expect(403, "DELETE", `/keys/${aliceRead.id}`, {
      session: alice.session,
      origin: "https://evil.example",
    });
    await expect(200, "GET", "/apis", { key: aliceRead.key });

    // A key never grants more than its creator has: gone from the team, the key stops working.
    const carol = await provider("carol");
    const carolKey = await createKey(carol.session, "read");
    await expect(200, "GET", "/apis", { key: carolKey.key });
    await db.tenantMember.deleteMany({ where: { userId: carol.userId } });
    await expect(401, "GET", "/apis", { key: carolKey.key });
  });
});

describe("the OpenAPI document", () => {
  test("lists exactly the routes the handler serves, each with its method", async () => {
    const res = await fetch(`${server.origin}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.equal(doc.openapi, "3.1.0");
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => r !== "GET /openapi.json")
      .sort();
    const served = MANAGEMENT_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    assert.deepEqual(documented, served);
    // And the handler answers each documented operation (no 404/405: it knows the route).
    for (const entry of documented) {
      const [method, path] = entry.split(" ") as [string, string];
      const filled = path.replace(/\{\w+\}/g, () => crypto.randomUUID());
      const reply = await call(method, filled);
      assert.ok(reply.status === 401, `${entry}: ${reply.status}`);
    }
    // A method no operation documents is a 405 on a documented path.
    for (const [path, item] of Object.entries(doc.paths)) {
      const filled = path.replace(/\{\w+\}/g, () => crypto.randomUUID());
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        if (method.toLowerCase() in item) continue;
        // `/wallets/lnd` is also `/wallets/{connectionId}`: skip what another operation serves.
        const servedElsewhere = Object.entries(doc.paths).some(
          ([other, ops]) =>
            method.toLowerCase() in ops && new RegExp(`^${other.replace(/\{\w+\}/g, "[^/]+")}$`).test(filled),
        );
        if (servedElsewhere) continue;
        const res405 = await fetch(`${server.origin}/api/v1${filled}`, { method });
        assert.equal(res405.status, 405, `${method} ${path}`);
        await res405.body?.cancel();
      }
    }
  });
});
