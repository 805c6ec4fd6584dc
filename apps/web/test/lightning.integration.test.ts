import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { closeLndClients } from "@tollbooth/lightning";
import { type RunningSimnet, startSimnet } from "@tollbooth/simnet";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { openSecret } from "../src/server/secrets";
import { createCaller } from "../src/server/trpc/root";

/**
 * Connecting Lightning against a real node API (the simnet speaks LND's gRPC): the live test
 * refuses an admin macaroon, accepts an invoice macaroon, seals it, never returns it, and points
 * the team's APIs at the node; the one-click simnet node does the same through the admin API.
 */
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let dir: string;
let simnet: RunningSimnet;
let caller: ReturnType<typeof createCaller>;
let apiId: string;
let node: { socket: string; tlsCert: string; macaroon: string; adminMacaroon: string; pubkey: string };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "web-lightning-"));
  simnet = await startSimnet({ dataDir: dir, grpcPort: 0, adminPort: 0 });
  process.env.TOLLBOOTH_SIMNET_ADMIN = simnet.adminUrl;
  process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN = simnet.adminToken;
  const res = await fetch(`${simnet.adminUrl}/nodes`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${simnet.adminToken}` },
    body: JSON.stringify({ name: `web-it-${run}` }),
  });
  node = (await res.json()) as typeof node;
  const s = await signUp(db, { email: `ln-${run}@it.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
  apiId = (
    await caller.apis.create({ name: "LN API", slug: `ln-${run}`, upstreamBaseUrl: "http://127.0.0.1:9" })
  ).id;
});

after(async () => {
  closeLndClients();
  await simnet?.stop();
  await db.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

test("an admin macaroon is refused by the live connection test", async () => {
  await assert.rejects(
    caller.lightning.connectLnd({ socket: node.socket, tlsCert: node.tlsCert, macaroon: node.adminMacaroon }),
    (err: unknown) =>
      err instanceof TRPCError && err.code === "BAD_REQUEST" && /admin|spend/i.test(err.message),
  );
  assert.deepEqual(await caller.lightning.list(), []);
});

test("a wrong address fails the test and nothing is saved", async () => {
  await assert.rejects(
    caller.lightning.connectLnd({ socket: "127.0.0.1:1", tlsCert: node.tlsCert, macaroon: node.macaroon }),
    (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST",
  );
  assert.deepEqual(await caller.lightning.list(), []);
});

test("an invoice macaroon connects; it is sealed, never returned, and the API is paid into it", async () => {
  const view = await caller.lightning.connectLnd({
    socket: node.socket,
    tlsCert: node.tlsCert,
    macaroon: node.macaroon,
  });
  assert.equal(view.lastHealthOk, true);
  assert.ok(!JSON.stringify(view).includes(node.macaroon));
  const row = await db.lightningConnection.findUniqueOrThrow({ where: { id: view.id } });
  assert.ok(!Buffer.from(row.macaroonCipher).toString("latin1").includes(node.macaroon));
  assert.equal(
    openSecret(row.tenantId, "node_macaroon", row.macaroonCipher, row.macaroonKeyVersion),
    node.macaroon,
  );
  assert.equal((await caller.apis.get({ apiId })).lightningConnectionId, view.id);
  const tested = await caller.lightning.test({ connectionId: view.id });
  assert.equal(tested.lastHealthOk, true);
});

test("the one-click simnet node connects through the simnet admin API", async () => {
  const view = await caller.lightning.createSimnetNode();
  assert.equal(view.kind, "simnet");
  assert.equal(view.lastHealthOk, true);
  assert.match(view.nodePubkey ?? "", /^0[23][0-9a-f]{64}$/);
  const list = await caller.lightning.list();
  assert.equal(list[0]?.id, view.id, "the newest node receives payments");
  assert.equal((await caller.apis.get({ apiId })).lightningConnectionId, view.id);
});
