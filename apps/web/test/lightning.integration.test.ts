import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TRPCError } from "@trpc/server";
import { openSecret } from "../src/server/secrets";
import { startWalletTeam, type WalletTeam } from "./wallet-team";

/**
 * Connecting Lightning against a real node API (the simnet speaks LND's gRPC): the live test
 * refuses an admin macaroon, accepts an invoice macaroon, seals it, never returns it, and points
 * the team's APIs at the node; the one-click simnet node does the same through the admin API.
 */
let team: WalletTeam;
let db: WalletTeam["db"];
let caller: WalletTeam["caller"];
let apiId: string;
let node: { socket: string; tlsCert: string; macaroon: string; adminMacaroon: string; pubkey: string };

before(async () => {
  team = await startWalletTeam("ln");
  ({ db, caller, apiId } = team);
  const res = await fetch(`${team.simnet.adminUrl}/nodes`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${team.simnet.adminToken}` },
    body: JSON.stringify({ name: `web-it-${team.run}` }),
  });
  node = (await res.json()) as typeof node;
});

after(() => team?.stop());

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
