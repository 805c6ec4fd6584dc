import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { closeLndClients } from "@tollbooth/lightning";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { sealSecret } from "../src/server/secrets";
import { createCaller } from "../src/server/trpc/root";

/**
 * In production, re-testing a stored node connection re-checks its socket before dialling: a row
 * whose socket points into our network (saved before the check existed, or by hand) is refused
 * and a canary listening there never sees a connection.
 */
process.env.TOLLBOOTH_ENV = "production";
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let dir: string;
let simnet: RunningSimnet;
let canary: Server;
let canaryPort = 0;
let canaryConnections = 0;
let caller: ReturnType<typeof createCaller>;
let tenantId: string;
let macaroon: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "web-node-dial-"));
  simnet = await startSimnet({ dataDir: dir, grpcPort: 0, adminPort: 0 });
  // A real invoice-only macaroon, so the test gets as far as dialling.
  macaroon = (await simnetAdmin(simnet.adminUrl, simnet.adminToken).createNode(`dial-${run}`)).macaroon;
  canary = createServer((socket) => {
    canaryConnections++;
    socket.destroy();
  });
  await new Promise<void>((ok) => canary.listen(0, "127.0.0.1", () => ok()));
  canaryPort = (canary.address() as { port: number }).port;
  const s = await signUp(db, { email: `dial-${run}@it.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  tenantId = user.tenants[0]!.id;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
});

after(async () => {
  await closeLndClients();
  await simnet?.stop();
  await new Promise<void>((ok) => canary.close(() => ok()));
  await db.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

test("lightning.test of a stored loopback socket is refused without dialling it", async () => {
  const sealed = sealSecret(tenantId, "node_macaroon", macaroon);
  for (const socket of [
    `127.0.0.1:${canaryPort}`,
    `localhost:${canaryPort}`,
    `[::ffff:127.0.0.1]:${canaryPort}`,
  ]) {
    const conn = await db.lightningConnection.create({
      data: {
        tenantId,
        kind: "lnd",
        socket,
        macaroonCipher: sealed.cipher,
        macaroonKeyVersion: sealed.keyVersion,
      },
    });
    const tested = await caller.lightning.test({ connectionId: conn.id });
    assert.equal(tested.lastHealthOk, false, socket);
    assert.match(tested.lastHealthError ?? "", /public host/, socket);
  }
  assert.equal(canaryConnections, 0, "the stored private socket must never be dialled");
});
