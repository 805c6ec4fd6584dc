import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { tempSimnet } from "./harness";

let net: Awaited<ReturnType<typeof tempSimnet>>;
before(async () => {
  net = await tempSimnet();
});
after(() => net.stop());

const post = (path: string, body: string) =>
  fetch(`${net.sim.adminUrl}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${net.sim.adminToken}` },
  });
const get = (path: string) =>
  fetch(`${net.sim.adminUrl}${path}`, { headers: { authorization: `Bearer ${net.sim.adminToken}` } });

test("POST /nodes creates a node once and returns the same credentials after", async () => {
  const a = await net.admin.createNode("tenant-a");
  const again = await net.admin.createNode("tenant-a");
  assert.deepEqual(again, a);
  assert.match(a.pubkey, /^0[23][0-9a-f]{64}$/);
  assert.equal(a.socket, `127.0.0.1:${net.sim.grpcPort}`);
  assert.match(Buffer.from(a.tlsCert, "base64").toString(), /BEGIN CERTIFICATE/);
  assert.notEqual(a.macaroon, a.adminMacaroon);
  const b = await net.admin.createNode("tenant-b");
  assert.notEqual(b.pubkey, a.pubkey);
  assert.deepEqual(await net.admin.getNode("tenant-a"), a);
});

test("credentials survive a restart", async () => {
  const before = await net.admin.createNode("durable");
  const builder = await net.admin.builder();
  await net.restart();
  assert.deepEqual(await net.admin.getNode("durable"), before);
  assert.deepEqual(await net.admin.builder(), builder);
});

test("bad requests get JSON 4xx errors", async () => {
  for (const body of [
    "not json",
    '{"name":"Has Spaces"}',
    '{"name":"builder"}',
    "{}",
    `{"name":"${"x".repeat(70)}"}`,
  ]) {
    const res = await post("/nodes", body);
    assert.equal(res.status, 400, body);
    assert.equal(((await res.json()) as { error: string }).error, "invalid_name");
  }
  const big = await post("/nodes", JSON.stringify({ name: "a".repeat(20_000) }));
  assert.equal(big.status, 400);
  const missing = await get("/nodes/nobody");
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: string }).error, "node_not_found");
  const unknown = await get("/nope");
  assert.equal(unknown.status, 404);
  await assert.rejects(net.admin.getNode("nobody"), /No simnet node has that name/);
});

test("only loopback hosts and JSON posts are served (no DNS rebinding, no cross-site form posts)", async () => {
  const { request } = await import("node:http");
  const raw = (path: string, method: string, headers: Record<string, string>, body = "") =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${net.sim.adminUrl}${path}`, { method, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(body);
    });
  const auth = { authorization: `Bearer ${net.sim.adminToken}` };
  assert.equal(await raw("/builder", "GET", { ...auth, host: "attacker.example:10010" }), 403);
  assert.equal(await raw("/builder", "GET", { ...auth, host: "localhost:10010" }), 200);
  assert.equal(
    await raw(
      "/nodes",
      "POST",
      { ...auth, "content-type": "text/plain" },
      JSON.stringify({ name: "form-post" }),
    ),
    415,
  );
  assert.equal((await post("/nodes", JSON.stringify({ name: "json-post" }))).status, 200);
});

test("every route but /healthz needs the admin token: no admin macaroon for whoever reaches the port", async () => {
  const { statSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { simnetAdmin } = await import("../src/index");
  assert.match(net.sim.adminToken, /^[A-Za-z0-9_-]{43}$/);
  assert.equal((statSync(join(net.sim.dataDir, "admin.token")).mode & 0o777).toString(8), "600");
  assert.equal((await fetch(`${net.sim.adminUrl}/healthz`)).status, 200);
  const wrong = net.sim.adminToken.slice(0, -1) + (net.sim.adminToken.endsWith("A") ? "B" : "A");
  for (const authorization of [
    undefined,
    "",
    "Bearer",
    `Bearer ${wrong}`,
    `Basic ${net.sim.adminToken}`,
    `Bearer ${net.sim.adminToken}x`,
  ]) {
    for (const [method, path] of [
      ["GET", "/builder"],
      ["GET", "/nodes/tenant-a"],
      ["POST", "/nodes"],
    ] as const) {
      const res = await fetch(`${net.sim.adminUrl}${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          ...(authorization === undefined ? {} : { authorization }),
        },
        ...(method === "POST" ? { body: JSON.stringify({ name: "stolen" }) } : {}),
      });
      assert.equal(res.status, 401, `${method} ${path} with ${authorization}`);
      const body = (await res.json()) as { error: string; adminMacaroon?: string };
      assert.equal(body.error, "unauthorized");
      assert.equal(body.adminMacaroon, undefined);
    }
  }
  await assert.rejects(simnetAdmin(net.sim.adminUrl, "not-the-token").builder(), /Authorization: Bearer/);
  assert.ok((await simnetAdmin(net.sim.adminUrl, net.sim.adminToken).builder()).adminMacaroon);
});
