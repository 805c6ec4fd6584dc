import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkLnbitsConnection, createLnbitsBackend } from "@tollbooth/lightning";
import type { RunningSimnet } from "@tollbooth/simnet";
import { tollbooth } from "./run-cli";
import { type CliSimnet, startCliSimnet } from "./support/cli-simnet";

/** `tollbooth simnet lnbits` prints a wallet a real LNbits client can use, against the running simnet. */
describe("tollbooth simnet lnbits", () => {
  let simnet: CliSimnet;
  let sim: RunningSimnet;
  let env: Record<string, string>;

  before(async () => {
    simnet = await startCliSimnet("cli-lnbits-", 5_000);
    ({ sim, env } = simnet);
  });
  after(async () => {
    await simnet?.stop();
  });

  const field = (stdout: string, name: string) => new RegExp(`^${name}: (\\S+)$`, "m").exec(stdout)?.[1];

  test("prints the URL and the invoice key of a node's wallet; the admin key only when asked", async () => {
    const res = await tollbooth(["simnet", "lnbits", "--node", "cli-shop"], env);
    assert.equal(res.code, 0, res.stderr);
    const url = field(res.stdout, "url");
    const key = field(res.stdout, "invoice key");
    assert.equal(url, sim.lnbitsUrl);
    assert.equal(field(res.stdout, "admin key"), undefined);
    const check = await checkLnbitsConnection({ url: url!, key: key! });
    assert.equal(check.alias, "cli-shop");
    assert.equal(check.canSpend, false);

    const builder = await tollbooth(["simnet", "lnbits", "--admin-key"], env);
    assert.equal(builder.code, 0, builder.stderr);
    const payer = createLnbitsBackend({ url: url!, key: field(builder.stdout, "admin key")! });
    const shop = createLnbitsBackend({ url: url!, key: key! });
    const invoice = await shop.createInvoice({ amountSats: 21, memo: "cli", expirySeconds: 60 });
    await payer.pay({ bolt11: invoice.bolt11, maxFeeSats: 0 });
    assert.equal((await shop.lookupInvoice(invoice.paymentHash)).state, "settled");
  });

  test("usage errors exit 2; an unreachable simnet exits 5", async () => {
    assert.equal((await tollbooth(["simnet", "lnbits", "--frobnicate"], env)).code, 2);
    assert.equal((await tollbooth(["simnet", "lnbits", "--node", "Not A Name"], env)).code, 2);
    const down = await tollbooth(["simnet", "lnbits"], {
      ...env,
      TOLLBOOTH_SIMNET_ADMIN: "http://127.0.0.1:1",
    });
    assert.equal(down.code, 5, down.stderr);
  });
});
