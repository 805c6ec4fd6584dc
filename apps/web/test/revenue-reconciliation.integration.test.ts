// Over 300 lines: one end-to-end money scenario (real simnet, gateway process, upstream) whose
// setup and sales each later assertion depends on.
/**
 * Gross volume reconciles with the node, to the sat. All real: Postgres, a simnet (read through
 * ln-service, not through our tables), the gateway as its own process on loopback, a loopback
 * upstream, and the web's own server functions (sign-up, create API, pricing, usage, delete API).
 * A mix of single calls, a 10-call bundle (partly used, and one not used at all), a time pass, a
 * refund (upstream 5xx on a paid call) and a deleted API: the dashboard's gross volume must equal
 * the sats of the invoices the node settled, before and after the API is deleted.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eventually, type GatewayAnswer, type RevenueStack, startRevenueStack } from "./revenue-stack";

let stack: RevenueStack;
let main: { id: string; slug: string };
let doomed: { id: string; slug: string };

function expectStatus(res: GatewayAnswer, status: number): void {
  assert.equal(res.status, status, res.body);
}

before(async () => {
  stack = await startRevenueStack("revenue");
  main = await stack.createApi("Revenue API", `rev-${stack.run}`, [
    { method: "GET", pathPattern: "/single", kind: "per_call", priceSats: 3, callsPerToken: 1 },
    { method: "*", pathPattern: "/bundle/*", kind: "per_call", priceSats: 5, callsPerToken: 10 },
    { method: "*", pathPattern: "/pass/*", kind: "time_pass", priceSats: 20, passSeconds: 3600 },
    { method: "GET", pathPattern: "/fail", kind: "per_call", priceSats: 7, callsPerToken: 1 },
  ]);
  doomed = await stack.createApi("Doomed API", `gone-${stack.run}`, [
    { method: "*", pathPattern: "/*", kind: "per_call", priceSats: 4, callsPerToken: 2 },
  ]);
  await stack.startGateway([main.slug, doomed.slug]);
});

after(async () => {
  await stack?.stop();
});

let expectedSats = 0;
let expectedInvoices = 0;
let expectedCalls = 0;

test("a mix of sales: single calls, a bundle, an unused bundle, a time pass, a refund, another API", async () => {
  const spend = (amount: number) => {
    expectedSats += amount;
    expectedInvoices += 1;
  };
  for (let i = 0; i < 2; i++) {
    const single = await stack.buy(main.slug, "/single");
    spend(single.amountSats);
    expectStatus(await stack.call(main.slug, "/single", single.authorization), 200);
    expectedCalls += 1;
  }
  const bundle = await stack.buy(main.slug, "/bundle/a");
  assert.equal(bundle.amountSats, 50, "10 calls for 50 sats");
  spend(bundle.amountSats);
  for (let i = 0; i < 3; i++) {
    expectStatus(await stack.call(main.slug, `/bundle/${i}`, bundle.authorization), 200);
    expectedCalls += 1;
  }
  // Paid for and never used: still money the node received.
  spend((await stack.buy(main.slug, "/bundle/unused")).amountSats);
  const pass = await stack.buy(main.slug, "/pass/x");
  assert.equal(pass.amountSats, 20);
  spend(pass.amountSats);
  for (let i = 0; i < 4; i++) {
    expectStatus(await stack.call(main.slug, `/pass/${i}`, pass.authorization), 200);
    expectedCalls += 1;
  }
  const refund = await stack.buy(main.slug, "/fail");
  spend(refund.amountSats);
  expectStatus(await stack.call(main.slug, "/fail", refund.authorization), 500);
  expectedCalls += 1; // served (and failed): counted as a call, its credit shown apart
  const other = await stack.buy(doomed.slug, "/x");
  assert.equal(other.amountSats, 8);
  spend(other.amountSats);
  expectStatus(await stack.call(doomed.slug, "/x", other.authorization), 200);
  expectedCalls += 1;
  assert.equal(expectedSats, 3 + 3 + 50 + 50 + 20 + 7 + 8);
});

test("the dashboard's gross volume equals the node's settled invoices, to the sat", async () => {
  const node = await stack.nodeSettledSats();
  assert.deepEqual(node, { sats: expectedSats, invoices: expectedInvoices }, "the node's own ledger");
  // Settlement reaches our tables through the gateway's stream; calls through its metering batches.
  const usage = await eventually(
    "the dashboard to catch up",
    async () => {
      const u = await stack.caller.usage.stats({ days: 7 });
      if (u.totals.invoices === node.invoices && u.totals.calls === expectedCalls) return u;
      // Thrown, not returned: a timeout then says which count was behind (or ahead), and by how much.
      throw new Error(
        `dashboard has ${u.totals.invoices} invoices / ${u.totals.calls} calls, want ${node.invoices} / ${expectedCalls}`,
      );
    },
    60_000,
  );
  assert.equal(usage.totals.grossSats, node.sats, "gross volume = settled invoices on the node");
  assert.equal(
    usage.byDay.reduce((n, d) => n + d.grossSats, 0),
    node.sats,
    "per day adds up to the same",
  );
  assert.equal(
    usage.sales.reduce((n, s) => n + s.grossSats, 0),
    node.sats,
    "per route adds up to the same",
  );
  assert.equal(usage.totals.calls, expectedCalls, "calls served are counted apart from money");
  assert.deepEqual(
    [usage.totals.creditedCalls, usage.totals.creditedSats],
    [1, 7],
    "the refunded call is shown as a credit, worth its price",
  );
  const bundle = usage.sales.find((s) => s.pathPattern === "/bundle/*");
  assert.deepEqual(
    bundle && [bundle.apiSlug, bundle.method, bundle.label, bundle.invoices, bundle.grossSats],
    [main.slug, "*", "10 calls for 50 sats", 2, 100],
    "a bundle counts in full at settlement, used or not",
  );
  const pass = usage.sales.find((s) => s.pathPattern === "/pass/*");
  assert.deepEqual(pass && [pass.label, pass.grossSats], ["1 hour pass for 20 sats", 20]);
  const payments = await stack.caller.usage.recentPayments({ limit: 50 });
  assert.equal(
    payments.reduce((n, p) => n + p.amountSats, 0),
    node.sats,
    "recent payments list each settled invoice once",
  );
});

test("after an API is deleted, gross volume still equals the node's settled invoices", async () => {
  await stack.caller.apis.delete({ apiId: doomed.id });
  const node = await stack.nodeSettledSats();
  const usage = await stack.caller.usage.stats({ days: 7 });
  assert.equal(
    usage.totals.grossSats,
    node.sats,
    `the deleted API's settled sats (${8}) are still in gross volume: money received stays received`,
  );
  const sale = usage.sales.find((s) => s.pathPattern === "/*" && s.grossSats === 8);
  assert.ok(sale, "the deleted API's sale is still listed");
});
