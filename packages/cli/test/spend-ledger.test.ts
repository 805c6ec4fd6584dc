import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { BudgetedWallet, SessionBudget, UnpricedInvoice } from "../src/budgeted-wallet";
import { BudgetRefusal, SpendLedger } from "../src/spend-ledger";

// A real 10-sat regtest BOLT11 invoice (signed with a throwaway key, as l402-core's test server does).
const INVOICE_10_SATS =
  "lnbcrt100n1p4sl0vzpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqsp5rqj7l8n69pe3h24sx8as54e89ap8gc546acd0pnps384jj270ysqdqhw3hkcmrzdahhg6pqw3jhxaqxqzjc9qypqsqcqpf3a6dkcz4ejxx862d6fusjg8t7tzdyq7acgzumgen83t6crqk3u39nnllvux6nddfuwfnn0qjsyj8z8hj53ny7lj0xtgwh9hqpm0s8wsq9850wt";
const dir = mkdtempSync(join(tmpdir(), "spend-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const payer = (fee = 0) => {
  const paid: string[] = [];
  return {
    paid,
    async payInvoice(bolt11: string) {
      paid.push(bolt11);
      return { preimage: "00".repeat(32), feeSats: fee };
    },
  };
};

test("a payment within the limits is reserved, paid and recorded with its fee", async () => {
  const ledger = new SpendLedger(join(dir, "a", "spend.json"));
  const inner = payer(1);
  const wallet = new BudgetedWallet(
    inner,
    ledger,
    { daySats: 20, totalSats: null },
    { url: "http://x/a", method: "GET", via: "fetch" },
  );
  await wallet.payInvoice(INVOICE_10_SATS);
  assert.equal(inner.paid.length, 1);
  const [entry] = ledger.history();
  assert.deepEqual(
    [entry?.url, entry?.amount_sats, entry?.fee_sats, entry?.status],
    ["http://x/a", 10, 1, "paid"],
  );
  assert.deepEqual(ledger.status({ daySats: 20, totalSats: null }).day, {
    limit: 20,
    spent: 11,
    remaining: 9,
  });
  assert.equal(statSync(ledger.file).mode & 0o777, 0o600);
});

test("over the daily, total or session budget: refused before the wallet is asked, nothing recorded", async () => {
  const ledger = new SpendLedger(join(dir, "b", "spend.json"));
  for (const [limits, session, budget] of [
    [{ daySats: 9, totalSats: null }, undefined, "daily"],
    [{ daySats: null, totalSats: 9 }, undefined, "total"],
    [{ daySats: null, totalSats: null }, new SessionBudget(9), "session"],
  ] as const) {
    const inner = payer();
    const wallet = new BudgetedWallet(inner, ledger, limits, { url: null, method: null, via: "t" }, session);
    await assert.rejects(wallet.payInvoice(INVOICE_10_SATS), BudgetRefusal);
    assert.equal(wallet.refusal?.details.budget, budget);
    assert.equal(inner.paid.length, 0);
    assert.equal(session?.remaining ?? 9, 9, "a refused reservation is given back");
  }
  assert.deepEqual(ledger.history(), []);
});

test("two concurrent payments cannot both fit the same remaining budget", async () => {
  const file = join(dir, "c", "spend.json");
  const limits = { daySats: 15, totalSats: null };
  const results = await Promise.allSettled(
    [1, 2].map(() =>
      new BudgetedWallet(payer(), new SpendLedger(file), limits, {
        url: null,
        method: null,
        via: "t",
      }).payInvoice(INVOICE_10_SATS),
    ),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
  assert.equal(new SpendLedger(file).status(limits).day.spent, 10);
});

test("a failed payment counts nothing; an invoice the budget cannot price is never paid", async () => {
  const ledger = new SpendLedger(join(dir, "d", "spend.json"));
  const failing = { payInvoice: async () => Promise.reject(new Error("no route")) };
  await assert.rejects(
    new BudgetedWallet(
      failing,
      ledger,
      { daySats: null, totalSats: null },
      { url: null, method: null, via: "t" },
    ).payInvoice(INVOICE_10_SATS),
    /no route/,
  );
  assert.equal(ledger.history()[0]?.status, "failed");
  assert.equal(ledger.status({ daySats: null, totalSats: null }).total.spent, 0);
  const inner = payer();
  await assert.rejects(
    new BudgetedWallet(
      inner,
      ledger,
      { daySats: null, totalSats: null },
      { url: null, method: null, via: "t" },
    ).payInvoice("lnbcrt1garbage"),
    UnpricedInvoice,
  );
  assert.equal(inner.paid.length, 0);
});

test("a corrupt or newer spend file is refused, never read as nothing spent", () => {
  const file = join(dir, "e.json");
  writeFileSync(file, "{broken");
  assert.throws(() => new SpendLedger(file).read(), /not valid JSON/);
  writeFileSync(file, JSON.stringify({ version: 2, payments: [] }));
  assert.throws(() => new SpendLedger(file).read(), /version 2/);
  assert.equal(readFileSync(file, "utf8").includes('"version":2'), true, "left untouched");
});

test("limits stored in the file persist; yesterday's spend is not today's", async () => {
  const file = join(dir, "f", "spend.json");
  await new SpendLedger(file).setLimits({ daySats: 50, totalSats: 100 });
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  const stored = JSON.parse(readFileSync(file, "utf8"));
  stored.payments.push({
    id: "1",
    at: yesterday,
    url: null,
    method: null,
    amount_sats: 30,
    fee_sats: 0,
    payment_hash: "x",
    status: "paid",
    via: "t",
  });
  writeFileSync(file, JSON.stringify(stored));
  const ledger = new SpendLedger(file);
  assert.deepEqual(ledger.storedLimits(), { daySats: 50, totalSats: 100 });
  const status = ledger.status(ledger.storedLimits());
  assert.deepEqual([status.day.spent, status.total.spent, status.total.remaining], [0, 30, 70]);
});
