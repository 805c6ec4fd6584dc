/**
 * Money is exact, as a property over random mixes of sales (fast-check), against the simnet's own
 * ledger. Each round reprices the API (the gateway reloads it), sells single calls, bundles used
 * partly, fully, past their end or not at all, time passes, and calls the upstream fails; tokens
 * bought in earlier rounds, at earlier prices, are used again after the price change. Whatever the
 * mix: every invoice asks price × calls at the price of the moment; a token serves exactly the
 * calls it paid for, then 402; a failed upstream call consumes no credit; and the dashboard's gross
 * volume, calls and credits equal the node's settled invoices and what was served, to the sat.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import {
  eventually,
  type PricingRules,
  type RevenueStack,
  type RevenueWallet,
  startRevenueStack,
} from "./revenue-stack";

let stack: RevenueStack;
let api: { id: string; slug: string };

interface Prices {
  single: number;
  bundle: number;
  bundleCalls: number;
  pass: number;
  flaky: number;
}

function rules(p: Prices): PricingRules {
  return [
    { method: "GET", pathPattern: "/single", kind: "per_call", priceSats: p.single, callsPerToken: 1 },
    {
      method: "*",
      pathPattern: "/bundle/*",
      kind: "per_call",
      priceSats: p.bundle,
      callsPerToken: p.bundleCalls,
    },
    { method: "*", pathPattern: "/pass/*", kind: "time_pass", priceSats: p.pass, passSeconds: 3600 },
    // One call per token; `/flaky/down` fails upstream (500), `/flaky/up` answers.
    { method: "GET", pathPattern: "/flaky/*", kind: "per_call", priceSats: p.flaky, callsPerToken: 1 },
  ];
}

type Sale =
  | { kind: "single"; uses: number }
  | { kind: "bundle"; uses: number }
  | { kind: "pass"; uses: number }
  | { kind: "flaky"; failures: number; uses: number };

const prices = fc.record({
  single: fc.integer({ min: 1, max: 40 }),
  bundle: fc.integer({ min: 1, max: 20 }),
  bundleCalls: fc.integer({ min: 2, max: 6 }),
  pass: fc.integer({ min: 1, max: 60 }),
  flaky: fc.integer({ min: 1, max: 30 }),
});
const sale: fc.Arbitrary<Sale> = fc.oneof(
  fc.record({ kind: fc.constant("single" as const), uses: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("bundle" as const), uses: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("pass" as const), uses: fc.integer({ min: 0, max: 3 }) }),
  fc.record({
    kind: fc.constant("flaky" as const),
    failures: fc.integer({ min: 1, max: 2 }),
    uses: fc.integer({ min: 0, max: 2 }),
  }),
);

/** What the books must say, kept by the test from what it bought and what was served. */
/** What was sold and served so far in this wallet kind's runs (reset per kind). */
const expected = { sats: 0, invoices: 0, calls: 0, creditedCalls: 0, creditedSats: 0 };
/** Bundles with calls left, from earlier rounds: used again after the price changed. */
const carried: { authorization: string; left: number; round: number }[] = [];

/** Calls `route` once with the token; asserts the status the token's state demands. */
async function use(route: string, authorization: string, served: boolean): Promise<void> {
  const res = await stack.call(api.slug, route, authorization);
  if (served) {
    const status = route.includes("/down") ? 500 : 200;
    assert.equal(res.status, status, `${route}: ${res.body}`);
    expected.calls += 1;
  } else {
    assert.equal(res.status, 402, `${route} on a used-up token: ${res.body}`);
  }
}

async function sell(s: Sale, p: Prices, round: number): Promise<void> {
  const route = { single: "/single", bundle: "/bundle/x", pass: "/pass/x", flaky: "/flaky/up" }[s.kind];
  const bought = await stack.buy(api.slug, route);
  const asked = { single: p.single, bundle: p.bundle * p.bundleCalls, pass: p.pass, flaky: p.flaky }[s.kind];
  assert.equal(bought.amountSats, asked, `a ${s.kind} invoice asks price × calls at today's price`);
  expected.sats += bought.amountSats;
  expected.invoices += 1;
  const auth = bought.authorization;
  switch (s.kind) {
    case "single":
      for (let i = 0; i < s.uses; i++) await use("/single", auth, i < 1);
      return;
    case "bundle": {
      for (let i = 0; i < s.uses; i++) await use(`/bundle/${round}-${i}`, auth, i < p.bundleCalls);
      const left = p.bundleCalls - Math.min(s.uses, p.bundleCalls);
      if (left > 0) carried.push({ authorization: auth, left, round });
      return;
    }
    case "pass":
      for (let i = 0; i < s.uses; i++) await use(`/pass/${round}-${i}`, auth, true);
      return;
    case "flaky":
      for (let i = 0; i < s.failures; i++) {
        await use("/flaky/down", auth, true); // served, failed, and given back
        expected.creditedCalls += 1;
        expected.creditedSats += p.flaky;
      }
      // The one paid call is still there after every failure; then the token is used up.
      for (let i = 0; i < s.uses; i++) await use("/flaky/up", auth, i < 1);
      return;
  }
}

async function booksAgree(): Promise<void> {
  const node = await stack.nodeSettledSats();
  assert.deepEqual(node, { sats: expected.sats, invoices: expected.invoices }, "the node's own ledger");
  const usage = await eventually(
    "the dashboard to catch up",
    async () => {
      const u = await stack.caller.usage.stats({ days: 7 });
      if (u.totals.invoices === node.invoices && u.totals.calls === expected.calls) return u;
      // Thrown, not returned: a timeout then says which count was behind (or ahead), and by how much.
      throw new Error(
        `dashboard has ${u.totals.invoices} invoices / ${u.totals.calls} calls, want ${node.invoices} / ${expected.calls}`,
      );
    },
    60_000,
  );
  assert.equal(usage.totals.grossSats, node.sats, "gross volume = the node's settled invoices");
  assert.equal(
    usage.sales.reduce((n, s) => n + s.grossSats, 0),
    node.sats,
    "per route adds up to the same",
  );
  assert.deepEqual(
    [usage.totals.creditedCalls, usage.totals.creditedSats],
    [expected.creditedCalls, expected.creditedSats],
    "every failed paid call is a credit, worth its price at sale",
  );
}

// The same property for each kind of wallet a provider can connect: settlement reaches the books
// through LND's settle index, NWC notifications / lookups and LNbits's websocket / polling alike.
for (const wallet of ["simnet", "nwc", "lnbits"] as const satisfies readonly RevenueWallet[]) {
  describe(`paid into ${wallet}`, () => {
    before(async () => {
      Object.assign(expected, { sats: 0, invoices: 0, calls: 0, creditedCalls: 0, creditedSats: 0 });
      carried.length = 0;
      stack = await startRevenueStack(`revprop-${wallet}`, wallet);
      api = await stack.createApi(
        "Revenue property API",
        `revprop-${wallet}-${stack.run}`,
        rules({ single: 1, bundle: 1, bundleCalls: 2, pass: 1, flaky: 1 }),
      );
      await stack.startGateway([api.slug]);
    });

    after(async () => {
      await stack?.stop();
    });

    test("for any mix of sales and price changes, tokens serve what they paid for and the books equal the node's ledger", async () => {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(prices, fc.array(sale, { minLength: 1, maxLength: 4 }), async (p, sales) => {
          round += 1;
          await stack.reprice(api, rules(p), [
            ["/single", p.single],
            ["/bundle/x", p.bundle * p.bundleCalls],
            ["/pass/x", p.pass],
            ["/flaky/up", p.flaky],
          ]);
          // Tokens from earlier rounds keep the calls they paid for, whatever the price is now.
          for (const token of carried.splice(0)) {
            await use(`/bundle/carried-${round}`, token.authorization, true);
            if (token.left > 1) carried.push({ ...token, left: token.left - 1 });
          }
          for (const s of sales) await sell(s, p, round);
          await booksAgree();
        }),
        // The books are cumulative across runs, so a failing run is reported as found, not shrunk.
        { numRuns: 6, endOnFailure: true },
      );
      assert.ok(expected.invoices >= 6, "every run sold something");
    });
  });
}
