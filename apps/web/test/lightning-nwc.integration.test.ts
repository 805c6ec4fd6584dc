import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openSecret } from "../src/server/secrets";
import { badRequest, startWalletTeam, type WalletTeam } from "./wallet-team";

/**
 * Connecting an NWC wallet against the simnet's relay and NIP-47 wallet service: a malformed
 * string and a spending (pay_invoice) string are refused with clear messages and nothing saved; a
 * receive-only string is tested, sealed whole, never returned, and the team's APIs are paid into
 * it; the one-click development wallet of kind "nwc" does the same.
 */
let team: WalletTeam;
let db: WalletTeam["db"];
let simnet: WalletTeam["simnet"];
let caller: WalletTeam["caller"];
let apiId: string;
let receive: string;
let spend: string;

before(async () => {
  team = await startWalletTeam("nwc");
  ({ db, simnet, caller, apiId } = team);
  const node = `web-nwc-${team.run}`;
  await team.admin.createNode(node);
  receive = (await team.admin.nwc({ node, receiveOnly: true })).connectionString;
  spend = (await team.admin.nwc({ node })).connectionString;
});

after(() => team?.stop());

test("a malformed string is a 400 that says what is wrong, and nothing is saved", async () => {
  await assert.rejects(
    caller.lightning.connectNwc({ connectionString: "https://example.com" }),
    badRequest(/nostr\+walletconnect/),
  );
  await assert.rejects(
    caller.lightning.connectNwc({ connectionString: receive.replace(/secret=[0-9a-f]+/, "secret=xyz") }),
    badRequest(/secret must be 64 hex/),
  );
  assert.deepEqual(await caller.lightning.list(), []);
});

test("a string that can spend (pay_invoice) is refused with the reason", async () => {
  await assert.rejects(
    caller.lightning.connectNwc({ connectionString: spend }),
    badRequest(/pay_invoice.*drain/),
  );
  assert.deepEqual(await caller.lightning.list(), []);
});

test("a string for a wallet nobody runs fails its test", async () => {
  const stranger = receive.replace(
    /^nostr\+walletconnect:\/\/[0-9a-f]{64}/,
    `nostr+walletconnect://${"c".repeat(64)}`,
  );
  await assert.rejects(
    caller.lightning.connectNwc({ connectionString: stranger }),
    badRequest(/connection test failed/),
  );
});

test("a receive-only string connects: sealed whole, never returned, capabilities stored, API paid into it", async () => {
  const view = await caller.lightning.connectNwc({ connectionString: receive });
  assert.equal(view.kind, "nwc");
  assert.equal(view.lastHealthOk, true);
  assert.equal(
    view.socket,
    simnet.nostr.relayUrl.endsWith("/") ? simnet.nostr.relayUrl : `${simnet.nostr.relayUrl}/`,
  );
  assert.ok(view.capabilities.includes("make_invoice"));
  assert.ok(!view.capabilities.includes("pay_invoice"));
  assert.ok(
    !JSON.stringify(view).includes(receive.split("secret=")[1]!),
    "the secret never leaves the server",
  );
  const row = await db.lightningConnection.findUniqueOrThrow({ where: { id: view.id } });
  assert.ok(!Buffer.from(row.macaroonCipher).toString("latin1").includes("walletconnect"));
  assert.equal(
    openSecret(row.tenantId, "node_macaroon", row.macaroonCipher, row.macaroonKeyVersion),
    receive,
  );
  const api = await db.api.findUniqueOrThrow({ where: { id: apiId } });
  assert.equal(api.lightningConnectionId, view.id);
  const retest = await caller.lightning.test({ connectionId: view.id });
  assert.equal(retest.lastHealthOk, true);
});

test("the one-click development wallet of kind nwc is a receive-only NWC connection", async () => {
  const view = await caller.lightning.createSimnetNode({ kind: "nwc" });
  assert.equal(view.kind, "nwc");
  assert.equal(view.lastHealthOk, true);
  assert.ok(view.capabilities.includes("lookup_invoice"));
  assert.ok(!view.capabilities.includes("pay_invoice"));
});
