// Over 300 lines: one bench run's stages, each measured against the same processes and database.
/**
 * `npm run bench:gateway`: starts a local upstream, nginx (when installed), two bare Node proxies
 * and the gateway (its own process, on a fresh database and the simnet), loads each in turn and
 * prints req/s, p50, p99 and CPU per request, with ratios to nginx and to the bare proxy from the
 * same run. Targets are reported, never asserted. Env: BENCH_SECONDS (default 5),
 * BENCH_CONNECTIONS (default 32).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { SECRET_FIELDS } from "@tollbooth/contract";
import { createPgPool, encryptSecret } from "@tollbooth/db";
import { startEmbeddedPostgres } from "@tollbooth/db/embedded";
import { migrate } from "@tollbooth/db/migrate";
import { closeLndClients, createLndBackend } from "@tollbooth/lightning";
import { simnetAdmin, startSimnet } from "@tollbooth/simnet";
import { YOUNG_GENERATION_FLAG } from "../src/ops/young-generation";
import { hasWrk, type LoadResult, runFixedRate, runLoad } from "./load";
import { postgresCpuByPid, postgresCpuSince, processTreeCpuMs } from "./process-cpu";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
// Challenges are latency-bound (gateway → node → Postgres → client): one stage per connection count.
const CHALLENGE_CONNECTIONS = (process.env.BENCH_CHALLENGE_CONNECTIONS ?? "16,64").split(",").map(Number);
const MODERATE_RATE = Number(process.env.BENCH_MODERATE_RATE ?? 2000);
const here = import.meta.dirname;
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
const skipped: string[] = [];
// BENCH_ONLY=challenges,paid runs just those stages (direct, nginx, bare, free, paid, challenges,
// moderate), for profiling one path; the rest print as skipped.
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());

interface StageResult extends LoadResult {
  /** CPU µs per request of the process under test (with its children), and of Postgres. */
  cpuUsPerRequest: number;
  postgresUsPerRequest: number;
  /** Challenge stages: 402s with an invoice per second, and 429/503 refusals, from the gateway's metrics. */
  issuedPerSecond?: number;
  refused?: number;
}

/** Challenges issued and refused so far, each summed over its series, from one /metrics page. */
async function challengeCounts(metricsUrl: string): Promise<{ issued: number; refused: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const total = (name: string) => {
    let sum = 0;
    for (const line of text.split("\n")) {
      if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(" ").at(-1));
    }
    return sum;
  };
  return {
    issued: total("tollbooth_gateway_challenges_total"),
    refused: total("tollbooth_gateway_challenges_refused_total"),
  };
}

/** One measured stage; `pids` are the process under test (none for the direct upstream). */
async function stage(
  name: string,
  pids: number[],
  run: () => Promise<LoadResult>,
): Promise<StageResult | null> {
  if (ONLY && !ONLY.includes(name)) return null;
  const cpuBefore = processTreeCpuMs(pids);
  const pgBefore = postgresCpuByPid();
  const result = await run();
  const perRequest = (ms: number) => (result.requests > 0 ? (ms * 1000) / result.requests : Number.NaN);
  return {
    ...result,
    cpuUsPerRequest: pids.length > 0 ? perRequest(processTreeCpuMs(pids) - cpuBefore) : Number.NaN,
    postgresUsPerRequest: perRequest(postgresCpuSince(pgBefore)),
  };
}

process.env.TOLLBOOTH_MASTER_KEY ??= randomBytes(32).toString("base64");

function startChild(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitFor(url: string, headers: Record<string, string> = {}): Promise<Response> {
  for (let i = 0; i < 300; i++) {
    const res = await fetch(url, { headers }).catch(() => null);
    if (res && res.status !== 404 && res.status < 500) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

async function startNginx(upstreamPort: number): Promise<{ port: number; pid: number } | null> {
  if (spawnSync("nginx", ["-v"]).error) {
    skipped.push("nginx proxy_pass (nginx not installed: apt-get install -y nginx-light)");
    return null;
  }
  const dir = await mkdtemp(path.join(tmpdir(), "bench-nginx-"));
  const port = await freePort();
  await writeFile(
    path.join(dir, "nginx.conf"),
    `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  upstream up { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server { listen 127.0.0.1:${port}; location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
`,
  );
  const child = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  children.push(child);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await waitFor(`http://127.0.0.1:${port}/`);
  return { port, pid: child.pid! };
}

async function database(): Promise<string> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `tollbooth_bench_${randomBytes(4).toString("hex")}`;
    const admin = createPgPool(base, { max: 1 });
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    });
    await migrate({ url: url.toString() });
    return url.toString();
  }
  skipped.push(
    "real Postgres (DATABASE_URL unset: the gateway ran on the embedded PGlite, which is much slower)",
  );
  const dir = await mkdtemp(path.join(tmpdir(), "bench-pg-"));
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  cleanups.push(async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  });
  await migrate({ url: pg.url });
  return pg.url;
}

function row(name: string, r: StageResult | null, nginx: LoadResult | null, bare: LoadResult | null): string {
  if (!r) return `| ${name} | skipped | | | | | | |`;
  const ratio = (base: LoadResult | null) =>
    base && base.rps > 0 ? `${(r.rps / base.rps).toFixed(2)}×` : "—";
  // A challenge is a 402 by design; what matters there is how many were refusals instead.
  const odd = r.refused ?? r.non2xx;
  const note = odd > 0 ? ` (${odd} ${r.refused === undefined ? "non-2xx" : "refused"})` : "";
  const us = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "—");
  return `| ${name} | ${Math.round(r.rps).toLocaleString("en-US")}${note} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${ratio(nginx)} | ${ratio(bare)} | ${us(r.cpuUsPerRequest)} | ${us(r.postgresUsPerRequest)} |`;
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), "bench-gw-"));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  console.log(`node: ${process.version}`); // figures from different runtimes are not comparable
  console.log(
    `load: ${hasWrk ? "wrk" : "autocannon (wrk not installed)"}, ${CONNECTIONS} connections, ${SECONDS} s per run`,
  );

  const upstream = await startChild([path.join(here, "upstream.ts")]);
  const nginxProxy = await startNginx(upstream.port);
  // The yardsticks get the gateway's young-generation setting too, so the ratio is not a GC flag.
  const bareProxy = (api: "stream" | "dispatch") =>
    startChild([
      YOUNG_GENERATION_FLAG,
      path.join(here, "bare-proxy.ts"),
      `http://127.0.0.1:${upstream.port}`,
      api,
    ]);
  const bare = await bareProxy("stream");
  const bareDispatch = await bareProxy("dispatch");

  const simnet = await startSimnet({ dataDir: path.join(work, "simnet"), grpcPort: 0, adminPort: 0 });
  cleanups.push(async () => {
    await closeLndClients();
    await simnet.stop();
  });
  const admin = simnetAdmin(simnet.adminUrl, simnet.adminToken);
  const provider = await admin.createNode("bench-provider");
  const builder = await admin.builder();
  const url = await database();
  const db = createPgPool(url, { max: 2 });
  const tenantId = randomUUID();
  const connectionId = randomUUID();
  const apiId = randomUUID();
  await db.query("INSERT INTO tenants (id, name) VALUES ($1, 'bench')", [tenantId]);
  const mac = encryptSecret({
    tenantId,
    field: SECRET_FIELDS.nodeMacaroon,
    plaintext: provider.macaroon,
  });
  await db.query(
    "INSERT INTO lightning_connections (id, tenant_id, kind, socket, tls_cert, macaroon_cipher, macaroon_key_version) VALUES ($1, $2, 'simnet', $3, $4, $5, $6)",
    [connectionId, tenantId, provider.socket, provider.tlsCert, Buffer.from(mac.cipher), mac.keyVersion],
  );
  await db.query(
    "INSERT INTO apis (id, tenant_id, slug, name, upstream_base_url, allow_private_upstream, lightning_connection_id, updated_at, published) VALUES ($1, $2, 'bench-api', 'Bench', $3, true, $4, now(), true)",
    [apiId, tenantId, `http://127.0.0.1:${upstream.port}`, connectionId],
  );
  const rules: Array<[string, string, number, number]> = [
    ["/free/*", "free", 0, 1],
    ["/paid", "per_call", 1, 900_000],
    ["/challenge", "per_call", 1, 1],
  ];
  for (const [i, [pattern, kind, price, calls]] of rules.entries()) {
    await db.query(
      "INSERT INTO pricing_rules (id, api_id, position, method, path_pattern, kind, price_sats, calls_per_token) VALUES ($1, $2, $3, '*', $4, $5::pricing_kind, $6, $7)",
      [randomUUID(), apiId, i, pattern, kind, price, calls],
    );
  }
  await db.end();

  const gatewayPort = await freePort();
  const gatewayAdmin = await freePort();
  // BENCH_GATEWAY_NODE_ARGS: extra node flags for the gateway only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extraArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const gateway = spawn(
    process.execPath,
    [...extraArgs, "--import", "tsx", path.join(here, "../src/server.ts")],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        GATEWAY_PORT: String(gatewayPort),
        GATEWAY_HOST: "127.0.0.1",
        GATEWAY_ADMIN_PORT: String(gatewayAdmin),
        GATEWAY_CHALLENGES_PER_CLIENT_PER_S: "1000000",
        GATEWAY_CHALLENGES_PER_TENANT_PER_S: "1000000",
        LOG_LEVEL: "error",
      },
      // With extra node flags (--trace-gc …) the gateway's stdout is shown; its logs are errors only.
      stdio: ["ignore", extraArgs.length > 0 ? "inherit" : "ignore", "inherit"],
    },
  );
  children.push(gateway);
  gatewayProcess = gateway;
  const gw = `http://127.0.0.1:${gatewayPort}/bench-api`;
  await waitFor(`${gw}/free/x`);

  // A reusable token for the paid route: 900,000 calls for 900,000 sats from the builder wallet.
  const challenge = (await (await waitFor(`${gw}/paid`)).json()) as { invoice: string; macaroon: string };
  const payer = createLndBackend({
    socket: builder.socket,
    tlsCert: builder.tlsCert,
    macaroon: builder.adminMacaroon,
  });
  const { preimage } = await payer.pay({ bolt11: challenge.invoice, maxFeeSats: 10 });
  const authorization = `L402 ${challenge.macaroon}:${preimage}`;
  const check = await fetch(`${gw}/paid`, { headers: { authorization } });
  if (check.status !== 200) throw new Error(`paid route answered ${check.status}`);

  const load = (u: string, headers?: Record<string, string>, connections = CONNECTIONS) =>
    runLoad(u, { connections, durationS: SECONDS, headers });
  // Warm every target once so JITs and pools are hot before measuring.
  for (const u of [
    `http://127.0.0.1:${upstream.port}/`,
    `http://127.0.0.1:${bare.port}/`,
    `http://127.0.0.1:${bareDispatch.port}/`,
    `${gw}/free/x`,
  ]) {
    await runLoad(u, { connections: CONNECTIONS, durationS: 1 });
  }
  await runLoad(`${gw}/paid`, { connections: CONNECTIONS, durationS: 1, headers: { authorization } });
  await runLoad(`${gw}/challenge`, { connections: CHALLENGE_CONNECTIONS[0]!, durationS: 1 });

  const gatewayPid = [gateway.pid!];
  const direct = await stage("direct", [], () => load(`http://127.0.0.1:${upstream.port}/`));
  const nginx = nginxProxy
    ? await stage("nginx", [nginxProxy.pid], () => load(`http://127.0.0.1:${nginxProxy.port}/`))
    : null;
  const bareResult = await stage("bare", [bare.child.pid!], () => load(`http://127.0.0.1:${bare.port}/`));
  const bareDispatchResult = await stage("bare", [bareDispatch.child.pid!], () =>
    load(`http://127.0.0.1:${bareDispatch.port}/`),
  );
  const free = await stage("free", gatewayPid, () => load(`${gw}/free/x`));
  const paid = await stage("paid", gatewayPid, () => load(`${gw}/paid`, { authorization }));
  // Counted by the gateway's own metrics: a 402 with an invoice is a challenge; a 429 or 503 from
  // the flood caps or the node gate is a refusal, which wrk alone cannot tell apart.
  const metricsUrl = `http://127.0.0.1:${gatewayAdmin}/metrics`;
  const challengeRuns: Array<{ connections: number; result: StageResult | null }> = [];
  for (const connections of CHALLENGE_CONNECTIONS) {
    const before = await challengeCounts(metricsUrl);
    const result = await stage("challenges", gatewayPid, () =>
      load(`${gw}/challenge`, undefined, connections),
    );
    if (result) {
      const after = await challengeCounts(metricsUrl);
      result.issuedPerSecond = (after.issued - before.issued) / SECONDS;
      result.refused = after.refused - before.refused;
    }
    challengeRuns.push({ connections, result });
  }
  // Moderate load: a fixed 2,000 req/s from 8 connections, where the added latency is the gateway's own.
  const moderate = { connections: 8, durationS: SECONDS, rate: MODERATE_RATE };
  const bareModerate = await stage("moderate", [], () =>
    runFixedRate(`http://127.0.0.1:${bare.port}/`, moderate),
  );
  const paidModerate = await stage("moderate", [], () =>
    runFixedRate(`${gw}/paid`, { ...moderate, headers: { authorization } }),
  );

  console.log("");
  console.log(
    "| target | req/s | p50 ms | p99 ms | vs nginx | vs bare proxy | CPU µs/req | Postgres CPU µs/req |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  console.log(row("direct upstream", direct, nginx, bareResult));
  console.log(row("nginx proxy_pass", nginx, nginx, bareResult));
  console.log(row("bare Node proxy (pool.stream)", bareResult, nginx, bareResult));
  console.log(row("bare Node proxy (pool.dispatch)", bareDispatchResult, nginx, bareResult));
  console.log(row("gateway free route", free, nginx, bareResult));
  console.log(row("gateway paid route (reusable token)", paid, nginx, bareResult));
  for (const { connections, result } of challengeRuns) {
    console.log(row(`gateway 402 challenges (${connections} conn, simnet)`, result, nginx, bareResult));
  }
  console.log("");
  console.log(
    "Targets (reported, not asserted): paid ≥ 0.9× bare proxy and ≥ 0.5× nginx; ≥ 2,000 challenges/s.",
  );
  const verdicts: string[] = [];
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  if (paid && bareResult) {
    verdicts.push(
      `paid vs bare: ${(paid.rps / bareResult.rps).toFixed(2)}× ${met(paid.rps >= 0.9 * bareResult.rps)}`,
    );
    verdicts.push(
      `added p99 at saturation (paid − bare, ${CONNECTIONS} conn): ${(paid.p99Ms - bareResult.p99Ms).toFixed(2)} ms`,
    );
  }
  if (paid && nginx) {
    verdicts.push(`paid vs nginx: ${(paid.rps / nginx.rps).toFixed(2)}× ${met(paid.rps >= 0.5 * nginx.rps)}`);
  }
  if (paid && bareDispatchResult) {
    // Not a target: against the leaner bare proxy on the gateway's own undici API, the ratio is
    // the gateway's own per-call work (credential, accounting, metering) and nothing else.
    const overhead = paid.cpuUsPerRequest - bareDispatchResult.cpuUsPerRequest;
    verdicts.push(
      `paid vs bare (pool.dispatch): ${(paid.rps / bareDispatchResult.rps).toFixed(2)}×, ` +
        `gateway's own CPU per paid call ${Number.isFinite(overhead) ? overhead.toFixed(1) : "—"} µs`,
    );
  }
  for (const { connections, result } of challengeRuns) {
    if (!result?.issuedPerSecond) continue;
    const issued = Math.round(result.issuedPerSecond);
    verdicts.push(`challenges issued/s at ${connections} conn: ${issued} ${met(issued >= 2000)}`);
  }
  if (verdicts.length > 0) console.log(verdicts.join("; "));
  if (bareModerate && paidModerate) {
    const added = paidModerate.p99Ms - bareModerate.p99Ms;
    console.log(
      `moderate load (${MODERATE_RATE} req/s, 8 conn, autocannon): bare p50 ${bareModerate.p50Ms} ms p99 ${bareModerate.p99Ms} ms; ` +
        `paid p50 ${paidModerate.p50Ms} ms p99 ${paidModerate.p99Ms} ms; added p99 ${added.toFixed(2)} ms ` +
        `(target ≤ 1 ms: ${met(added <= 1)})`,
    );
  }
  if (skipped.length > 0) console.log(`Skipped: ${skipped.join("; ")}`);
}

let exitCode = 0;
let gatewayProcess: ChildProcess | null = null;
try {
  await main();
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  // The gateway first, and wait for its graceful exit (bounded) so a --cpu-prof profile is written.
  const gw = gatewayProcess as ChildProcess | null;
  if (gw && gw.exitCode === null) {
    const exited = new Promise((r) => gw.once("exit", r));
    gw.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  for (const c of children) c.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  for (const c of children) c.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  process.exit(exitCode);
}
