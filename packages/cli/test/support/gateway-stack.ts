/**
 * The real thing on loopback for `tollbooth fetch` tests: a simnet (provider node + funded builder
 * wallet) in this process, a tenant with priced routes in the Postgres at DATABASE_URL, an echo
 * upstream, and the real gateway process (apps/gateway/src/server.ts) spawned like `npm start`
 * does — the CLI talks to it over HTTP like any buyer.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPgPool, encryptSecret } from "@tollbooth/db";
import { closeLndClients, createLndBackend, type LightningBackend } from "@tollbooth/lightning";
import { type PublicReceiptKey, publicKeyOf } from "@tollbooth/receipts";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface RouteSpec {
  method?: string;
  pathPattern: string;
  kind?: "per_call" | "time_pass" | "free";
  priceSats: number;
  callsPerToken?: number;
  passSeconds?: number;
}

export interface GatewayStack {
  /** path-style base of the API: http://127.0.0.1:<port>/<slug> */
  apiUrl: string;
  slug: string;
  simnetAdminUrl: string;
  simnetAdminToken: string;
  dataDir: string;
  /** the operator's receipt key the gateway signs with (raw base64url public key + kid inside) */
  receiptKeys: PublicReceiptKey[];
  /** the builder wallet's balance, read from the simnet through LND's API */
  builderBalance(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startGatewayStack(routes: RouteSpec[]): Promise<GatewayStack> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("This test needs DATABASE_URL (a migrated Postgres).");
  const masterKey = process.env.TOLLBOOTH_MASTER_KEY;
  if (!masterKey) throw new Error("This test needs TOLLBOOTH_MASTER_KEY.");
  const dataDir = mkdtempSync(join(tmpdir(), "cli-gw-"));
  const simnet: RunningSimnet = await startSimnet({
    dataDir: join(dataDir, "simnet"),
    grpcPort: 0,
    adminPort: 0,
    builderFundingSats: 100_000,
  });
  const admin = simnetAdmin(simnet.adminUrl, simnet.adminToken);
  const node = await admin.createNode(`cli-${randomBytes(4).toString("hex")}`);
  const b = await admin.builder();
  const builder: LightningBackend = createLndBackend({
    socket: b.socket,
    tlsCert: b.tlsCert,
    macaroon: b.adminMacaroon,
  });

  const upstream: Server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;

  const pg = createPgPool(databaseUrl, { max: 2 });
  pg.on("error", () => {});
  const tenantId = randomUUID();
  const connectionId = randomUUID();
  const apiId = randomUUID();
  const slug = `cli${randomBytes(5).toString("hex")}`;
  await pg.query("INSERT INTO tenants (id, name) VALUES ($1, $2)", [tenantId, `cli test ${slug}`]);
  const sealed = encryptSecret({
    tenantId,
    field: "lightning_connections.macaroon",
    plaintext: node.macaroon,
  });
  await pg.query(
    `INSERT INTO lightning_connections (id, tenant_id, kind, socket, tls_cert, macaroon_cipher, macaroon_key_version)
     VALUES ($1, $2, 'simnet', $3, $4, $5, $6)`,
    [connectionId, tenantId, node.socket, node.tlsCert, Buffer.from(sealed.cipher), sealed.keyVersion],
  );
  await pg.query(
    `INSERT INTO apis (id, tenant_id, slug, name, upstream_base_url, allow_private_upstream, published,
                       lightning_connection_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, true, true, $6, now())`,
    [apiId, tenantId, slug, `CLI ${slug}`, upstreamUrl, connectionId],
  );
  for (const [position, r] of routes.entries()) {
    await pg.query(
      `INSERT INTO pricing_rules (id, api_id, position, method, path_pattern, kind, price_sats, calls_per_token, pass_seconds)
       VALUES ($1, $2, $3, $4, $5, $6::pricing_kind, $7, $8, $9)`,
      [
        randomUUID(),
        apiId,
        position,
        r.method ?? "GET",
        r.pathPattern,
        r.kind ?? "per_call",
        r.priceSats,
        r.callsPerToken ?? 1,
        r.passSeconds ?? null,
      ],
    );
  }
  await pg.end();

  const port = await freePort();
  const adminPort = await freePort();
  const receiptKey = generateKeyPairSync("ed25519").privateKey;
  const gateway: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "apps/gateway/src/server.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TOLLBOOTH_MASTER_KEY: masterKey,
        TOLLBOOTH_ENV: "development",
        TOLLBOOTH_RECEIPT_KEY: receiptKey.export({ format: "pem", type: "pkcs8" }).toString(),
        GATEWAY_HOST: "127.0.0.1",
        GATEWAY_PORT: String(port),
        GATEWAY_ADMIN_PORT: String(adminPort),
        GATEWAY_WORKERS: "0",
        GATEWAY_ALLOW_PRIVATE_UPSTREAMS: "1",
        // A loaded test machine: give the node time rather than a 503 (the assertion is about payments).
        GATEWAY_NODE_TIMEOUT_MS: "20000",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const apiUrl = `http://127.0.0.1:${port}/${slug}`;
  const probe = `${apiUrl}${routes[0]?.pathPattern.replace(/\/\*$/, "").replace(/:[^/]+/g, "1") ?? "/"}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (gateway.exitCode !== null) throw new Error(`the gateway exited with ${gateway.exitCode}`);
    const status = await fetch(probe, { signal: AbortSignal.timeout(2_000) })
      .then(async (r) => {
        await r.body?.cancel();
        return r.status;
      })
      .catch(() => 0);
    if (status === 402) break; // listening, and the API's config is loaded
    if (Date.now() > deadline) throw new Error(`the gateway never served ${probe} (last status ${status})`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    apiUrl,
    slug,
    simnetAdminUrl: simnet.adminUrl,
    simnetAdminToken: simnet.adminToken,
    dataDir,
    receiptKeys: [publicKeyOf(receiptKey)],
    async builderBalance() {
      if (!builder.balance) throw new Error("the builder backend reports no balance");
      return (await builder.balance()).sats;
    },
    async stop() {
      gateway.kill("SIGTERM");
      await new Promise((resolve) =>
        gateway.exitCode !== null ? resolve(null) : gateway.once("exit", resolve),
      );
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
      await new Promise((r) => setTimeout(r, 200));
      await closeLndClients();
      await simnet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
