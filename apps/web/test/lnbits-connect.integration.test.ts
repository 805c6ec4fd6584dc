import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { SimnetLnbitsWallet } from "@tollbooth/simnet";
import { TRPCError } from "@trpc/server";
import { openSecret } from "../src/server/secrets";
import { badRequest, startWalletTeam, type WalletTeam } from "./wallet-team";

/**
 * Connecting an LNbits wallet against the simnet's LNbits API: the test shows alias, network and
 * what the key allows; an admin key (it can spend) and a wrong key are refused with clear words;
 * the invoice key is sealed at rest, never returned, and the team's APIs are paid into it; the
 * one-click development wallet of kind lnbits does the same.
 */
process.env.TOLLBOOTH_ENV = "development"; // the simnet's LNbits API is on loopback
let team: WalletTeam;
let db: WalletTeam["db"];
let simnet: WalletTeam["simnet"];
let caller: WalletTeam["caller"];
let apiId: string;
let wallet: SimnetLnbitsWallet;

before(async () => {
  team = await startWalletTeam("lnbits");
  ({ db, simnet, caller, apiId } = team);
  const node = `web-lnbits-${team.run}`;
  await team.admin.createNode(node);
  wallet = await team.admin.lnbits(node);
});

after(() => team?.stop());

test("the test reports alias, network and what each key allows, saving nothing", async () => {
  const invoice = await caller.lightning.testLnbits({ url: wallet.url, key: wallet.invoiceKey });
  assert.equal(invoice.ok, true);
  assert.equal(invoice.alias, wallet.name);
  assert.equal(invoice.network, "regtest");
  assert.deepEqual(invoice.capabilities, ["invoice"]);
  assert.equal(invoice.canSpend, false);
  const adminCheck = await caller.lightning.testLnbits({ url: wallet.url, key: wallet.adminKey });
  assert.equal(adminCheck.canSpend, true);
  assert.ok(adminCheck.capabilities.includes("admin"));
  assert.ok(!JSON.stringify([invoice, adminCheck]).includes(wallet.invoiceKey));
  assert.deepEqual(await caller.lightning.list(), []);
});

test("an admin key is refused: it could spend", async () => {
  await assert.rejects(
    caller.lightning.connectLnbits({ url: wallet.url, key: wallet.adminKey }),
    badRequest(/Admin key.*spend|Invoice\/read key/),
  );
  assert.deepEqual(await caller.lightning.list(), []);
});

test("a wrong key, a dead instance and a malformed URL fail with clear words; nothing is saved", async () => {
  await assert.rejects(
    caller.lightning.connectLnbits({ url: wallet.url, key: "0".repeat(32) }),
    badRequest(/refused the API key/),
  );
  await assert.rejects(
    caller.lightning.connectLnbits({ url: "http://127.0.0.1:1", key: wallet.invoiceKey }),
    badRequest(/not reachable/),
  );
  await assert.rejects(
    caller.lightning.connectLnbits({ url: "ftp://lnbits.example", key: wallet.invoiceKey }),
    badRequest(/https/),
  );
  await assert.rejects(
    caller.lightning.connectLnbits({ url: wallet.url, key: "not a key" }),
    (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST",
  );
  assert.deepEqual(await caller.lightning.list(), []);
});

test("the invoice key connects: sealed at rest, never returned, the API paid into it", async () => {
  const view = await caller.lightning.connectLnbits({ url: `${wallet.url}/`, key: wallet.invoiceKey });
  assert.equal(view.kind, "lnbits");
  assert.equal(view.socket, wallet.url);
  assert.equal(view.lastHealthOk, true);
  assert.deepEqual(view.capabilities, ["invoice"]);
  assert.ok(!JSON.stringify(view).includes(wallet.invoiceKey));
  const row = await db.lightningConnection.findUniqueOrThrow({ where: { id: view.id } });
  assert.ok(!Buffer.from(row.macaroonCipher).toString("latin1").includes(wallet.invoiceKey));
  assert.equal(
    openSecret(row.tenantId, "node_macaroon", row.macaroonCipher, row.macaroonKeyVersion),
    wallet.invoiceKey,
  );
  assert.equal((await caller.apis.get({ apiId })).lightningConnectionId, view.id);
  const listed = await caller.lightning.list();
  assert.ok(!JSON.stringify(listed).includes(wallet.invoiceKey));
  const tested = await caller.lightning.test({ connectionId: view.id });
  assert.equal(tested.lastHealthOk, true);
  assert.equal(tested.canSpend, false);
  assert.ok(!JSON.stringify(tested).includes(wallet.invoiceKey));
});

test("the one-click development wallet of kind lnbits", async () => {
  const view = await caller.lightning.createSimnetNode({ kind: "lnbits" });
  assert.equal(view.kind, "lnbits");
  assert.equal(view.socket, simnet.lnbitsUrl);
  assert.equal(view.lastHealthOk, true);
  assert.equal((await caller.apis.get({ apiId })).lightningConnectionId, view.id);
});
